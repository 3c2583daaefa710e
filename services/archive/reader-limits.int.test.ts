import { execFileSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { ARCHIVE_FORMAT } from '../../shared/archive/manifest';
import { codeOf } from '../../tests/helpers/assert';
import { inspectPath } from '../inspect/inspect';
import { readBackupFolder } from './folder';
import { buildArchive, readArchive } from './format';

// Reader limits in line with what a box holds, streaming with bounded memory, and no tar feature
// that would make the app see a different archive than GNU tar does.
const require = createRequire(import.meta.url);
const headers = require(join(dirname(require.resolve('tar-stream')), 'headers.js')) as {
  encode(o: Record<string, unknown>): Buffer;
  encodePax(o: Record<string, unknown>): Buffer;
};
const dir = mkdtempSync(join(tmpdir(), 'idbox-reader-'));
let seeded: SeededBackup;
let manifestJson: Buffer;
beforeAll(async () => {
  seeded = await seedBackup(join(dir, 'box'), { identities: 1, fastKeys: true });
  const folder = await readBackupFolder(seeded.folder);
  manifestJson = Buffer.from(JSON.stringify({ format: ARCHIVE_FORMAT, formatVersion: 1, createdAt: '2026-11-20T09:30:00.000Z', app: { name: 't', version: '0' }, source: { box: null }, backupId: seeded.backupId, files: folder.files }));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((512 - (b.length % 512)) % 512)]);
/** A ustar header; `flag` sets a raw type flag (tar-stream cannot encode 'g' or 'L' itself). */
function header(name: string, size: number, flag?: string): Buffer {
  const block = Buffer.from(headers.encode({ name, size, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0, uname: '', gname: '', type: 'file' }));
  if (flag) {
    block.write(flag, 156, 'latin1');
    block.fill(' ', 148, 156);
    let sum = 0;
    for (const b of block) sum += b;
    block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  }
  return block;
}
const entry = (name: string, body: Buffer, flag?: string) => Buffer.concat([header(name, body.length, flag), pad(body)]);
const pax = (records: Record<string, string>, flag = 'x') => entry('PaxHeader', headers.encodePax({ pax: records }), flag);
const END = Buffer.alloc(1024);

/** An archive file whose big members are holes: tiny on disk, huge to read. */
function sparseArchive(name: string, members: { name: string; size: number }[]): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  let at = 0;
  const put = (b: Buffer) => {
    writeSync(fd, b, 0, b.length, at);
    at += b.length;
  };
  put(entry('manifest.json', manifestJson));
  for (const m of members) {
    put(header(m.name, m.size));
    at += Math.ceil(m.size / 512) * 512; // left as a hole
  }
  at += 1024;
  ftruncateSync(fd, at);
  closeSync(fd);
  return path;
}

describe('sparse and huge archives (defect 11)', () => {
  it('a 1 GiB sparse archive is refused at its declared size, quickly and without reading it', async () => {
    const path = sparseArchive('sparse-1g.idbox', Array.from({ length: 16 }, (_, i) => ({ name: `backup/k${i}.pem`, size: 64 * 1024 * 1024 })));
    const started = Date.now();
    const r = await inspectPath(path);
    expect(r.status).toBe('invalid');
    expect(r.problems[0]!.message).toMatch(/far larger|far more/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('a large member inside the limits streams through without being held', async () => {
    const path = sparseArchive('sparse-60m.idbox', [{ name: 'backup/did-docs/QmHugeHugeHugeHuge', size: 60 * 1024 * 1024 }]);
    const before = process.memoryUsage().rss;
    const r = await inspectPath(path);
    expect(r.files.find((f) => f.path === 'did-docs/QmHugeHugeHugeHuge')?.size).toBe(60 * 1024 * 1024);
    expect(r.problems.filter((p) => p.path === 'did-docs/QmHugeHugeHugeHuge').map((p) => p.message)).toContainEqual(expect.stringMatching(/far larger than any a box writes/));
    expect(process.memoryUsage().rss - before).toBeLessThan(150 * 1024 * 1024);
  });
});

describe('extended tar headers (defect 11)', () => {
  const body = Buffer.from('{}');
  it.each([
    ['GNU.sparse.name renames the member for GNU tar', () => [pax({ 'GNU.sparse.name': 'backup/did-docs/QmOtherOtherOther', 'GNU.sparse.major': '1', 'GNU.sparse.minor': '0' }), entry('backup/did-docs/QmShownShownShown', body)]],
    ['a PAX size differs from the header', () => [pax({ size: '2' }), entry('backup/did-docs/QmShownShownShown', body)]],
    ['a global header', () => [pax({ path: 'backup/x.pem' }, 'g'), entry('backup/did-docs/QmShownShownShown', body)]],
    ['a GNU long name', () => [entry('././@LongLink', Buffer.from('backup/did-docs/QmLongLongLongLong\0'), 'L'), entry('backup/did-docs/QmShownShownShown', body)]],
    ['an unknown PAX key', () => [pax({ 'SCHILY.xattr.user.x': 'y' }), entry('backup/did-docs/QmShownShownShown', body)]],
  ])('%s: refused as unsupported', async (_name, members) => {
    const path = join(dir, `pax-${_name.replace(/\W+/g, '-')}.idbox`);
    writeFileSync(path, Buffer.concat([entry('manifest.json', manifestJson), ...members(), END]));
    const err = await readArchive(path).catch((e: unknown) => e);
    expect((err as { detail?: { reason?: string } }).detail?.reason).toBe('unsupported-header');
    expect(await codeOf(readArchive(path, { batch: true }))).toBe('archive-invalid');
  });

  it('a long key name (a PAX path, as our own writer makes) is read, and under the same name GNU tar sees', async () => {
    const folder = await readBackupFolder(seeded.folder);
    const longName = `${'L'.repeat(150)}.pem`;
    const contents = new Map(folder.contents).set(longName, Buffer.from('-----BEGIN ENCRYPTED PRIVATE KEY-----\r\n'));
    const files = [...contents.entries()].map(([p, b]) => ({ path: p, size: b.length, sha256: require('node:crypto').createHash('sha256').update(b).digest('hex') as string }));
    const path = join(dir, 'long-name.idbox');
    writeFileSync(path, await buildArchive({ format: ARCHIVE_FORMAT, formatVersion: 1, createdAt: '2026-11-20T09:30:00.000Z', app: { name: 't', version: '0' }, source: { box: null }, backupId: seeded.backupId, files }, contents));
    const read = await readArchive(path);
    const tarNames = execFileSync('tar', ['-tf', path], { encoding: 'utf8' }).trim().split('\n');
    expect(['manifest.json', ...read.members.map((m) => `backup/${m.path}`)].sort()).toEqual(tarNames.sort());
    expect(tarNames).toContain(`backup/${longName}`);
  });
});
