import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveFileName, type Manifest } from '../../shared/archive/manifest';
import { AppError } from '../../shared/errors';
import { buildArchive, readArchive, verifyArchive } from './format';

const dir = mkdtempSync(join(tmpdir(), 'idbox-format-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const backupId = `${'Ab9_-'.repeat(17)}A`;

function sample() {
  const contents = new Map<string, Buffer>([
    ['backup', Buffer.from('ZW5jcnlwdGVk'.repeat(50))],
    ['1571676385721O3etAS4D5X6Yuw.pem', Buffer.from('-----BEGIN ENCRYPTED PRIVATE KEY-----\r\nAAAA\r\n-----END ENCRYPTED PRIVATE KEY-----\r\n')],
    ['did-docs/QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG', Buffer.from('{"id":"did:ipid:QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG"}')],
  ]);
  const manifest: Manifest = {
    format: 'idbox-archive',
    formatVersion: 1,
    createdAt: '2026-11-24T10:00:00.000Z',
    app: { name: 'Identity Box Companion', version: '0.1.0' },
    source: { box: 'http://127.0.0.1:3100' },
    backupId,
    files: [...contents].map(([path, data]) => ({ path, size: data.length, sha256: sha(data) })),
  };
  return { manifest, contents };
}

async function writeSample(name: string): Promise<string> {
  const { manifest, contents } = sample();
  const file = join(dir, name);
  writeFileSync(file, await buildArchive(manifest, contents));
  return file;
}

async function rawTar(name: string, entries: { name: string; body?: string; type?: 'file' | 'symlink' | 'directory'; linkname?: string }[]) {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => tar.on('end', () => r()));
  for (const e of entries) {
    if (e.type && e.type !== 'file') tar.entry({ name: e.name, type: e.type, linkname: e.linkname });
    else tar.entry({ name: e.name }, e.body ?? '');
  }
  tar.finalize();
  await done;
  const file = join(dir, name);
  writeFileSync(file, Buffer.concat(chunks));
  return file;
}

async function reasonOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (err) {
    if (!(err instanceof AppError)) return `not an AppError: ${String(err)}`;
    return `${err.code}:${String(err.detail?.reason ?? err.detail?.problem ?? '')}`;
  }
}

describe('.idbox format', () => {
  it('names archives idbox-<id8>-<UTC stamp>.idbox', () => {
    expect(archiveFileName(backupId, new Date('2026-11-24T10:01:02.345Z'))).toBe('idbox-Ab9_-Ab9-20261124T100102Z.idbox');
  });

  it('round-trips and verifies', async () => {
    const file = await writeSample('ok.idbox');
    const res = await verifyArchive(file, { keepContent: (p) => p === 'backup' });
    expect(res.members).toHaveLength(3);
    expect(res.members.find((m) => m.path === 'backup')?.content?.toString()).toContain('ZW5j');
    expect(res.archiveSha256).toBe(sha(readFileSync(file)));
  });

  it('GNU tar and bsdtar list and extract it, and sha256sum agrees with the manifest', async () => {
    const file = await writeSample('interop.idbox');
    const listing = execFileSync('tar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n');
    expect(listing[0]).toBe('manifest.json');
    expect(listing.slice(1).every((n) => n.startsWith('backup/'))).toBe(true);
    try {
      expect(execFileSync('bsdtar', ['-tf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(listing);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') console.log('bsdtar not installed: skipped its listing check');
      else throw err;
    }
    const out = join(dir, 'x');
    mkdirSync(out);
    execFileSync('tar', ['-xf', file, '-C', out]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Manifest;
    for (const f of manifest.files) {
      const line = execFileSync('sha256sum', [join(out, 'backup', f.path)], { encoding: 'utf8' });
      expect(line.split(' ')[0]).toBe(f.sha256);
    }
  });

  it('reports a flipped byte as corrupt, naming the file', async () => {
    const file = await writeSample('flip.idbox');
    const bytes = readFileSync(file);
    const at = bytes.indexOf('ZW5jcnlw');
    bytes[at + 3] = bytes[at + 3]! ^ 0x01;
    writeFileSync(file, bytes);
    expect(await reasonOf(verifyArchive(file))).toBe('archive-corrupt:sha256');
  });

  it('rejects structural problems with a reason', async () => {
    const m = JSON.stringify(sample().manifest);
    const okFile = readFileSync(await writeSample('base.idbox'));
    writeFileSync(join(dir, 'trunc.idbox'), okFile.subarray(0, 1200));
    expect(await reasonOf(readArchive(join(dir, 'trunc.idbox')))).toBe('archive-invalid:truncated');
    writeFileSync(join(dir, 'garbage.idbox'), Buffer.from('hello, this is not a tar file at all'.repeat(40)));
    expect(await reasonOf(readArchive(join(dir, 'garbage.idbox')))).toBe('archive-invalid:not-tar');
    writeFileSync(join(dir, 'empty.idbox'), Buffer.alloc(0));
    expect(await reasonOf(readArchive(join(dir, 'empty.idbox')))).toMatch(/archive-invalid/);
    expect(await reasonOf(readArchive(await rawTar('nofirst.idbox', [{ name: 'backup/backup', body: 'x' }, { name: 'manifest.json', body: m }])))).toBe('archive-invalid:manifest-not-first');
    expect(await reasonOf(readArchive(await rawTar('trav.idbox', [{ name: 'manifest.json', body: m }, { name: 'backup/../../etc/passwd', body: 'x' }])))).toBe('archive-invalid:bad-member-path');
    expect(await reasonOf(readArchive(await rawTar('outside.idbox', [{ name: 'manifest.json', body: m }, { name: 'other/file', body: 'x' }])))).toBe('archive-invalid:bad-member-path');
    expect(await reasonOf(readArchive(await rawTar('link.idbox', [{ name: 'manifest.json', body: m }, { name: 'backup/backup', type: 'symlink', linkname: '/etc/passwd' }])))).toBe('archive-invalid:bad-member-type');
    expect(await reasonOf(readArchive(await rawTar('dup.idbox', [{ name: 'manifest.json', body: m }, { name: 'backup/backup', body: 'a' }, { name: 'backup/backup', body: 'b' }])))).toBe('archive-invalid:duplicate-member');
    expect(await reasonOf(readArchive(await rawTar('v3.idbox', [{ name: 'manifest.json', body: m.replace('"formatVersion":1', '"formatVersion":3') }])))).toBe('archive-invalid:unknown-version');
    // Format 2 without its fingerprint and sealing (a format-1 manifest relabelled) is not a valid format 2.
    expect(await reasonOf(readArchive(await rawTar('v2.idbox', [{ name: 'manifest.json', body: m.replace('"formatVersion":1', '"formatVersion":2') }])))).toBe('archive-invalid:manifest-invalid');
    expect(await reasonOf(readArchive(await rawTar('fmt.idbox', [{ name: 'manifest.json', body: '{"format":"zip"}' }])))).toBe('archive-invalid:unknown-format');
    expect(await reasonOf(readArchive(await rawTar('badjson.idbox', [{ name: 'manifest.json', body: '{nope' }])))).toBe('archive-invalid:manifest-unreadable');
    expect(await reasonOf(verifyArchive(await rawTar('extra.idbox', [{ name: 'manifest.json', body: m }, ...[...sample().contents].map(([p, d]) => ({ name: `backup/${p}`, body: d.toString() })), { name: 'backup/did-docs/QmExtraExtraExtra', body: '{}' }])))).toBe('archive-corrupt:extra');
    expect(await reasonOf(readArchive(join(dir, 'missing-file.idbox')))).toBe('not-found:');
  });
});
