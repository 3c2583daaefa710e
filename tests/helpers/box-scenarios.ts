import { createHash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { BACKUP_SERVICE, type ReplyMessage } from '../../shared/box-protocol';
import { createCatalog } from '../../services/archive/catalog';
import { pullToArchive } from '../../services/archive/pull';
import { createBoxClient } from '../../services/box/client';
import { DEFAULT_TIMEOUTS, rendezvousRequest } from '../../services/box/session';
import { restoreToBox } from '../../services/restore/restore';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { codeOf, folderSnapshot } from './assert';

/**
 * What issue #22's "Done when" asks of a box, written once and run against every box kind: the
 * reference box (in-process service) and the installed backup-service package under each Node.
 * Each takes the box's address and its $IDBOX_BACKUP folder.
 */
export interface BoxUnderTest {
  url: string;
  dataDir: string;
  /** The service's log so far. */
  log: () => string;
}

const sha = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** One raw request, as someone on the box's network can send it with no app and no words. */
export function raw(url: string, method: string, params?: unknown[]): Promise<ReplyMessage> {
  return rendezvousRequest(url, { servicePath: BACKUP_SERVICE, method, ...(params ? { params } : {}) }, { timeouts: DEFAULT_TIMEOUTS });
}

/** The files of a folder as a Map, as an export returns them. */
const asContents = (snapshot: Record<string, string>) => new Map(Object.entries(snapshot).map(([p, b]) => [p, Buffer.from(b, 'base64')]));

/** The files of an export as the same snapshot form. */
const snapshotOf = (contents: Map<string, Buffer>) => Object.fromEntries([...contents].map(([p, d]) => [p, d.toString('base64')]));

/**
 * Wipe: two raw calls (one 24-byte file, then `final` with `replace`) replace the owner's backup
 * with junk. The previous copy must stay listed by `backup-versions` with its original digest and
 * be exportable byte for byte.
 */
export async function junkReplaceKeepsTheCopy(box: BoxUnderTest, seeded: SeededBackup): Promise<void> {
  const client = createBoxClient(box.url);
  const before = folderSnapshot(seeded.folder);
  const digest = await client.backupDigest(seeded.backupId);
  const junk = randomBytes(24);
  const first = await raw(box.url, 'import-backup', [{ backupId: seeded.backupId, files: [{ path: 'backup', size: 24, sha256: sha(junk) }], chunks: [{ path: 'backup', offset: 0, contentBase64: junk.toString('base64') }], final: false }]);
  expect(first.method, JSON.stringify(first)).toBe('import-backup-response');
  const { uploadId } = first.params![0] as { uploadId: string };
  const final = await raw(box.url, 'import-backup', [{ backupId: seeded.backupId, files: [{ path: 'backup', size: 24, sha256: sha(junk) }], chunks: [], uploadId, final: true, replace: true }]);
  expect(final.method, JSON.stringify(final)).toBe('import-backup-response');

  const versions = await client.backupVersions(seeded.backupId);
  expect(versions.length).toBeGreaterThanOrEqual(1);
  const kept = versions.at(-1)!;
  expect(digest).not.toBe('unknown');
  expect(kept).toMatchObject({ digest: (digest as { digest: string }).digest, files: Object.keys(before).length });
  const exported = await client.exportBackup(seeded.backupId, { version: kept.version });
  expect(snapshotOf(exported.contents)).toEqual(before);
  // And the identity-service's folder list sees only backup ids: the kept copy is in a dot-folder.
  expect(readdirSync(box.dataDir).filter((n) => !n.startsWith('.'))).toEqual([seeded.backupId]);
}

/**
 * The app's own restore of an OLDER archive over a newer box copy (the person confirmed): the
 * newer copy is kept as a version, exportable byte for byte.
 */
export async function restoreOverNewerKeepsIt(box: BoxUnderTest, seeded: SeededBackup, work: string): Promise<void> {
  mkdirSync(join(work, 'stick'), { recursive: true });
  const pulled = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: join(work, 'stick'), appName: 't', appVersion: '0', catalog: createCatalog(join(work, 'app')), retention: 10 });
  // The phone makes a newer backup after the archive.
  appendFileSync(join(seeded.folder, 'backup'), 'newer');
  const newer = folderSnapshot(seeded.folder);
  const client = createBoxClient(box.url);
  const newerDigest = await client.backupDigest(seeded.backupId);
  expect(await codeOf(restoreToBox({ archivePath: pulled.path, boxUrl: box.url, backupId: seeded.backupId, replace: false }))).toBe('backup-exists-different');
  const restored = await restoreToBox({ archivePath: pulled.path, boxUrl: box.url, backupId: seeded.backupId, replace: true });
  expect(restored.outcome).toBe('restored');
  const kept = (await client.backupVersions(seeded.backupId)).at(-1)!;
  expect(kept.digest).toBe((newerDigest as { digest: string }).digest);
  expect(snapshotOf((await client.exportBackup(seeded.backupId, { version: kept.version })).contents)).toEqual(newer);
  // Putting the newer copy back is a restore of what the version export gave.
  await client.importBackup(seeded.backupId, asContents(newer), { replace: true });
  expect(folderSnapshot(seeded.folder)).toEqual(newer);
}

const stages = (dataDir: string) => readdirSync(dataDir).filter((n) => n.startsWith('.import-'));

/**
 * Flood: a first call declaring 10,000 files of 64 MiB (sparse: nothing sent) is refused at that
 * call, nothing is staged, and `about` answers; so is a fifth unfinished upload, and a final call
 * with holes is refused before anything is hashed.
 */
export async function floodIsRefused(box: BoxUnderTest, backupId: string): Promise<void> {
  // Files of 64 MiB each, nothing sent (a sparse stage costs nothing): more than 256 MiB in all.
  const entry = (i: number, size: number) => ({ path: `did-docs/Qm${String(i).padStart(12, '0')}`, size, sha256: '0'.repeat(64) });
  const heavy = Array.from({ length: 60 }, (_, i) => entry(i, 64 * 1024 * 1024));
  const flood = await raw(box.url, 'import-backup', [{ backupId, files: heavy, chunks: [], final: false }]);
  expect(flood.method).toBe('import-backup-error');
  expect(String((flood.params?.[0] as { message: string }).message)).toMatch(/too large/);
  expect(stages(box.dataDir)).toEqual([]);
  // More than 4,096 files: a message holds about 2,500 entries, so the list comes in parts
  // (`moreFiles`); the part that passes the limit is refused and the stage goes with it.
  const many = Array.from({ length: 4_200 }, (_, i) => entry(i, 1));
  const part1 = await raw(box.url, 'import-backup', [{ backupId, files: many.slice(0, 2_100), moreFiles: true, chunks: [], final: false }]);
  expect(part1.method, JSON.stringify(part1).slice(0, 200)).toBe('import-backup-response');
  const part2 = await raw(box.url, 'import-backup', [{ backupId, files: many.slice(2_100), uploadId: (part1.params![0] as { uploadId: string }).uploadId, chunks: [], final: false }]);
  expect(part2.method).toBe('import-backup-error');
  expect(String((part2.params?.[0] as { message: string }).message)).toMatch(/too many files/);
  expect(stages(box.dataDir)).toEqual([]);

  // Four unfinished uploads are all the box takes; the fifth is refused at once, `about` answers.
  const one = [{ path: 'backup', size: 10, sha256: '0'.repeat(64) }];
  const open: string[] = [];
  for (let i = 0; i < 4; i++) {
    const reply = await raw(box.url, 'import-backup', [{ backupId, files: one, chunks: [], final: false }]);
    expect(reply.method, JSON.stringify(reply)).toBe('import-backup-response');
    open.push((reply.params![0] as { uploadId: string }).uploadId);
  }
  const fifth = await raw(box.url, 'import-backup', [{ backupId, files: one, chunks: [], final: false }]);
  expect(fifth.method).toBe('import-backup-error');
  expect(String((fifth.params?.[0] as { message: string }).message)).toMatch(/unfinished uploads/);
  expect((await raw(box.url, 'about')).params![0]).toMatchObject({ formatVersion: 2 });
  // A final call with a hole (nothing of the 10 bytes arrived) is refused before hashing.
  const holey = await raw(box.url, 'import-backup', [{ backupId, files: one, chunks: [], uploadId: open[0], final: true }]);
  expect(holey.method).toBe('import-backup-error');
  expect(String((holey.params?.[0] as { message: string }).message)).toMatch(/did not arrive whole/);
  for (const uploadId of open.slice(1)) await raw(box.url, 'import-backup', [{ backupId, chunks: [], uploadId, final: false, abort: true }]);
  expect(stages(box.dataDir)).toEqual([]);
}

/**
 * Cancel four times in a row mid-upload (a slow link): no stage is left behind, and the service
 * never saw an overlapping call ("internal error" in its log).
 */
export async function fourCancelsLeaveNothing(box: BoxUnderTest, seeded: SeededBackup, work: string, slowLink?: () => void): Promise<void> {
  mkdirSync(join(work, 'stick4'), { recursive: true });
  // A bundle large enough that the upload takes a few seconds on the slow link.
  writeFileSync(join(seeded.folder, 'backup'), randomBytes(60_000).toString('base64url'));
  const pulled = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: join(work, 'stick4'), appName: 't', appVersion: '0', catalog: createCatalog(join(work, 'app4')), retention: 10 });
  rmSync(seeded.folder, { recursive: true });
  slowLink?.();
  for (let round = 0; round < 4; round++) {
    const stop = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const result = restoreToBox({
      archivePath: pulled.path,
      boxUrl: box.url,
      backupId: seeded.backupId,
      replace: false,
      signal: stop.signal,
      // Cancelled while a call is on its way (each takes about two seconds on the slow link).
      onProgress: (stage) => {
        if (stage === 'uploading' && !timer) timer = setTimeout(() => stop.abort(), 700 + round * 400);
      },
    });
    expect(await codeOf(result)).toBe('cancelled');
    clearTimeout(timer);
  }
  expect(stages(box.dataDir)).toEqual([]);
  expect(box.log()).not.toMatch(/internal error/);
  expect(readdirSync(box.dataDir)).not.toContain(seeded.backupId);
}

/**
 * The link drops from 40 to 3 KB/s mid-upload: a call sized for the faster link outlives its
 * reply wait; it is resent smaller and the restore finishes. (The read-back runs once the link is
 * back at 40 KB/s: an export reply is sized by the box, not the client.)
 */
export async function slowerLinkStillFinishes(box: BoxUnderTest, seeded: SeededBackup, work: string, setKbps: (kbps: number) => void): Promise<void> {
  mkdirSync(join(work, 'stick-slow'), { recursive: true });
  writeFileSync(join(seeded.folder, 'backup'), randomBytes(37_000).toString('base64url'));
  setKbps(200);
  const pulled = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: join(work, 'stick-slow'), appName: 't', appVersion: '0', catalog: createCatalog(join(work, 'app-slow')), retention: 10 });
  const before = folderSnapshot(seeded.folder);
  rmSync(seeded.folder, { recursive: true });
  setKbps(40);
  let dropped = false;
  const restored = await restoreToBox({
    archivePath: pulled.path,
    boxUrl: box.url,
    backupId: seeded.backupId,
    replace: false,
    // A reply wait that a call sized for 40 KB/s outlives at 3 KB/s, as the 45 s one does for the
    // larger calls of a larger backup.
    timeouts: { replyMs: 15_000 },
    onProgress: (stage, done) => {
      if (stage === 'uploading' && done >= 28_000 && !dropped) {
        dropped = true;
        setKbps(3);
      }
      if (stage === 'verifying') setKbps(40);
    },
  });
  expect(dropped).toBe(true);
  expect(restored.outcome).toBe('restored');
  expect(folderSnapshot(seeded.folder)).toEqual(before);
}

/** Seeds a fresh backup for one scenario. */
export const seedFor = (dataDir: string) => seedBackup(dataDir, { identities: 2, peers: 1, fastKeys: true });
