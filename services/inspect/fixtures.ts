import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pack } from 'tar-stream';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { ARCHIVE_FORMAT, type Manifest } from '../../shared/archive/manifest';
import { readBackupFolder } from '../archive/folder';
import { buildArchive } from '../archive/format';

/**
 * Good and deliberately damaged archives for tests, the e2e suite and support training: made by
 * the seeding code, then broken in one specific way each.
 */
export interface FixtureSet {
  seeded: SeededBackup;
  good: string;
  damaged: Record<DamageKind, string>;
}

export type DamageKind =
  | 'flipped-backup'
  | 'flipped-pem'
  | 'flipped-did'
  | 'truncated'
  | 'missing-pem'
  | 'did-id-mismatch'
  | 'extra-member'
  | 'traversal'
  | 'wrong-version'
  | 'garbage';

async function tarOf(entries: { name: string; body: Buffer }[]): Promise<Buffer> {
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((r) => tar.on('end', () => r()));
  for (const e of entries) tar.entry({ name: e.name, mtime: new Date(0) }, e.body);
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

function flipIn(archive: Buffer, needle: Buffer): Buffer {
  const copy = Buffer.from(archive);
  const at = copy.indexOf(needle);
  if (at < 0) throw new Error('needle not found');
  const i = at + Math.floor(needle.length / 2);
  copy[i] = copy[i]! ^ 0x01;
  return copy;
}

export async function makeFixtures(dir: string, createdAt = '2026-11-20T09:30:00.000Z'): Promise<FixtureSet> {
  const seeded = await seedBackup(join(dir, 'box'), { identities: 2, peers: 1, fastKeys: true });
  const folder = await readBackupFolder(seeded.folder);
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    formatVersion: 1,
    createdAt,
    app: { name: 'Identity Box Companion', version: '0.1.0' },
    source: { box: 'http://127.0.0.1:3100' },
    backupId: seeded.backupId,
    files: folder.files,
  };
  const goodBytes = await buildArchive(manifest, folder.contents);
  const write = (name: string, bytes: Buffer) => {
    const p = join(dir, name);
    writeFileSync(p, bytes);
    return p;
  };
  const good = write('good.idbox', goodBytes);
  const pemPath = folder.files.find((f) => f.path.endsWith('.pem'))!.path;
  const didPath = folder.files.find((f) => f.path.startsWith('did-docs/'))!.path;
  const manifestJson = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const members = folder.files.map((f) => ({ name: `backup/${f.path}`, body: folder.contents.get(f.path)! }));

  const missingPem = { ...manifest, files: manifest.files.filter((f) => f.path !== pemPath) };
  const missingContents = new Map(folder.contents);
  missingContents.delete(pemPath);

  const didDoc = JSON.parse(folder.contents.get(didPath)!.toString('utf8'));
  didDoc.id = 'did:ipid:QmSomebodyElseSomebodyElseSomebodyElse1234567';
  const badDid = Buffer.from(JSON.stringify(didDoc));
  const mismatchContents = new Map(folder.contents).set(didPath, badDid);
  const mismatchManifest = {
    ...manifest,
    files: manifest.files.map((f) => (f.path === didPath ? { ...f, size: badDid.length, sha256: createHash('sha256').update(badDid).digest('hex') } : f)),
  };

  const damaged: Record<DamageKind, string> = {
    'flipped-backup': write('flipped-backup.idbox', flipIn(goodBytes, folder.contents.get('backup')!.subarray(0, 40))),
    'flipped-pem': write('flipped-pem.idbox', flipIn(goodBytes, folder.contents.get(pemPath)!.subarray(100, 140))),
    'flipped-did': write('flipped-did.idbox', flipIn(goodBytes, folder.contents.get(didPath)!.subarray(10, 40))),
    truncated: write('truncated.idbox', goodBytes.subarray(0, Math.floor(goodBytes.length / 2))),
    'missing-pem': write('missing-pem.idbox', await buildArchive(missingPem, missingContents)),
    'did-id-mismatch': write('did-id-mismatch.idbox', await buildArchive(mismatchManifest, mismatchContents)),
    'extra-member': write('extra-member.idbox', await tarOf([{ name: 'manifest.json', body: manifestJson }, ...members, { name: 'backup/did-docs/QmExtraExtraExtraExtra', body: Buffer.from('{}') }])),
    traversal: write('traversal.idbox', await tarOf([{ name: 'manifest.json', body: manifestJson }, { name: 'backup/../../../tmp/evil', body: Buffer.from('x') }])),
    'wrong-version': write('wrong-version.idbox', await tarOf([{ name: 'manifest.json', body: Buffer.from(manifestJson.toString().replace('"formatVersion": 1', '"formatVersion": 7')) }, ...members])),
    garbage: write('garbage.idbox', Buffer.from('this is not an archive at all\n'.repeat(100))),
  };
  return { seeded, good, damaged };
}

/** A raw box folder left half-written by an interrupted backup: only `backup`. */
export function makeInterruptedFolder(seededFolder: string, target: string): string {
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'backup'), readFileSync(join(seededFolder, 'backup')));
  return target;
}

export function removeFixtures(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * A well-formed archive of a seeded backup with some files replaced (and the manifest made to
 * match), for hostile-content tests: the archive is intact, its content is crafted.
 */
export async function archiveWith(
  seeded: SeededBackup,
  changes: Record<string, Buffer>,
  manifestPatch: Partial<Pick<Manifest, 'app' | 'source' | 'createdAt'>> = {},
): Promise<Buffer> {
  const folder = await readBackupFolder(seeded.folder);
  const contents = new Map(folder.contents);
  for (const [path, body] of Object.entries(changes)) contents.set(path, body);
  const files = [...contents.entries()]
    .map(([path, body]) => ({ path, size: body.length, sha256: createHash('sha256').update(body).digest('hex') }))
    .sort((a, b) => a.path.localeCompare(b.path));
  const manifest: Manifest = {
    format: ARCHIVE_FORMAT,
    formatVersion: 1,
    createdAt: '2026-11-20T09:30:00.000Z',
    app: { name: 'Identity Box Companion', version: '0.1.0' },
    source: { box: 'http://127.0.0.1:3100' },
    backupId: seeded.backupId,
    files,
    ...manifestPatch,
  };
  return buildArchive(manifest, contents);
}
