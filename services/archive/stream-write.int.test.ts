import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../shared/archive/manifest';
import { setQuiet } from '../log';
import { buildArchive } from './format';
import { openArchiveStream } from './stream-write';

// A pull writes its archive while the backup arrives. The file must be the very archive that
// buildArchive makes in memory (same bytes, same sha256), whatever order the pieces come in, and
// a pull that stops half-way must leave nothing in the folder.
setQuiet(true);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'idbox-stream-write-'));
  dirs.push(d);
  return d;
};
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

// A long key name needs a PAX header in tar (over 100 characters after backup/); an empty DID document has no content.
const contents = new Map<string, Buffer>([
  ['backup', randomBytes(70_001)],
  [`${'K'.repeat(150)}.pem`, randomBytes(1916)],
  ['did-docs/QmEmptyEmptyEmpty', Buffer.alloc(0)],
  ['did-docs/QmSecondDocument1', randomBytes(512)],
]);
const manifest: Manifest = {
  format: 'idbox-archive',
  formatVersion: 1,
  createdAt: '2026-11-26T10:00:00.000Z',
  app: { name: 'test', version: '0' },
  source: { box: 'http://127.0.0.1:3100' },
  backupId: `${'Zz09_-'.repeat(14)}AA`,
  files: [...contents].map(([path, data]) => ({ path, size: data.length, sha256: sha(data) })),
};
const indexOf = (path: string) => manifest.files.findIndex((f) => f.path === path);
const pieces = (path: string, size: number) => {
  const data = contents.get(path)!;
  const out: Buffer[] = [];
  for (let at = 0; at < data.length; at += size) out.push(data.subarray(at, at + size));
  return out.map((d) => ({ index: indexOf(path), data: d }));
};

describe('an archive written as the backup arrives', () => {
  it('in list order: the same bytes and sha256 as the archive built in memory', async () => {
    const dir = folder();
    const expected = await buildArchive(manifest, contents);
    const stream = await openArchiveStream(dir, 'idbox-Zz09_-Zz-20261126T100000Z.idbox', manifest);
    expect(stream.size).toBe(expected.length);
    for (const f of manifest.files) for (const p of pieces(f.path, 4096)) await stream.write(p.index, p.data);
    const written = await stream.finish();
    expect(readFileSync(written.path).equals(expected)).toBe(true);
    expect(written.sha256).toBe(sha(expected));
    expect(written.archive.members.map((m) => m.path)).toEqual(manifest.files.map((f) => f.path));
    expect(readdirSync(dir)).toEqual([written.fileName]);
  });

  it('with files interleaved and out of list order: still the same bytes', async () => {
    const dir = folder();
    const expected = await buildArchive(manifest, contents);
    const stream = await openArchiveStream(dir, 'idbox-Zz09_-Zz-20261126T100000Z.idbox', manifest);
    const backup = pieces('backup', 30_000);
    const pem = pieces(`${'K'.repeat(150)}.pem`, 1000);
    const doc = pieces('did-docs/QmSecondDocument1', 100);
    for (const p of [doc[0]!, pem[0]!, backup[0]!, ...doc.slice(1), backup[1]!, pem[1]!, backup[2]!]) await stream.write(p.index, p.data);
    const written = await stream.finish();
    expect(readFileSync(written.path).equals(expected)).toBe(true);
    expect(written.sha256).toBe(sha(expected));
  });

  it('stopped half-way (a cancel, a box that failed): no file is left in the folder', async () => {
    const dir = folder();
    const stream = await openArchiveStream(dir, 'idbox-Zz09_-Zz-20261126T100000Z.idbox', manifest);
    await stream.write(indexOf('backup'), contents.get('backup')!.subarray(0, 5000));
    expect(readdirSync(dir)).toHaveLength(1); // the temp file, under its unfinished name
    expect(readdirSync(dir)[0]).toMatch(/^\.idbox-partial-/);
    await stream.abort();
    await stream.abort();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a cancel while writing ends with "cancelled" and no file', async () => {
    const dir = folder();
    const controller = new AbortController();
    const stream = await openArchiveStream(dir, 'idbox-Zz09_-Zz-20261126T100000Z.idbox', manifest, { signal: controller.signal });
    await stream.write(indexOf('backup'), contents.get('backup')!.subarray(0, 5000));
    controller.abort();
    await expect(stream.write(indexOf('backup'), contents.get('backup')!.subarray(5000, 6000))).rejects.toMatchObject({ code: 'cancelled' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('finishing before every byte arrived refuses, and leaves no file: never a short archive under a final name', async () => {
    const dir = folder();
    const stream = await openArchiveStream(dir, 'idbox-Zz09_-Zz-20261126T100000Z.idbox', manifest);
    await stream.write(indexOf('backup'), contents.get('backup')!);
    await expect(stream.finish()).rejects.toMatchObject({ code: 'write-failed' });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('more bytes for a file than the manifest declares are refused', async () => {
    const dir = folder();
    const stream = await openArchiveStream(dir, 'idbox-Zz09_-Zz-20261126T100000Z.idbox', manifest);
    await expect(stream.write(indexOf('did-docs/QmSecondDocument1'), randomBytes(513))).rejects.toThrow(/more content/);
    await stream.abort();
    expect(readdirSync(dir)).toEqual([]);
  });
});
