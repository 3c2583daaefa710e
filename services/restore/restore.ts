import { basename } from 'node:path';
import { backupDigest } from '../../shared/backup-digest';
import { AppError } from '../../shared/errors';
import { redactId } from '../../shared/redact';
import { boxFiles, manifestBelongsTo, manifestFingerprint } from '../../shared/archive/manifest';
import { checkSealedFiles } from './unseal';
import { openArchiveSource, readMember, type ArchiveSource } from './archive-source';
import { verifyArchive, type ReadArchiveResult } from '../archive/format';
import { judgeArchiveRead, keepOnlyForVerdict, verdictReason } from '../inspect/verdict';
import { COMMIT_UNCONFIRMED, createBoxClient, type ExportSink } from '../box/client';
import { collectGarbage } from '../memory';
import { NATIVE_CRYPTO_FROM } from '../box/client-export';
import { preloadSodium } from '../box/native-crypto';
import { openBundleIdentities } from '../../shared/bundle';
import { transferProgress } from '../box/how-far';
import { settleBox } from '../box/transport';
import { createLogger } from '../log';

const log = createLogger('restore');

export const RESTORE_STAGES = ['checking', 'connecting', 'comparing', 'uploading', 'verifying', 'done'] as const;
export type RestoreStage = (typeof RESTORE_STAGES)[number];

export type LoadedArchive = ReadArchiveResult;

/**
 * Reads and verifies an archive completely. It keeps only what the verdict reads (key files and
 * DID documents) unless `whole` (reseal, which rewrites the archive); the restore reads the rest
 * from the archive file again when it sends it, each member's offset noted here.
 */
export async function loadArchive(path: string, signal?: AbortSignal, options: { whole?: boolean } = {}): Promise<LoadedArchive> {
  const result = await verifyArchive(path, { signal, keepContent: options.whole ? () => true : keepOnlyForVerdict });
  if (!result.members.some((m) => m.path === 'backup')) throw new AppError('archive-incomplete', 'This archive has no encrypted bundle in it, so it cannot be restored.');
  // The verdict every screen gives: a backup that cannot bring every identity back is not put on a box.
  const verdict = judgeArchiveRead(result);
  if (verdict.status !== 'ok') {
    const why = verdictReason(verdict) ?? '';
    if (verdict.status === 'incomplete') throw new AppError('archive-incomplete', `This archive is incomplete, so it cannot bring all your identities back and is not restored. ${why}`);
    throw new AppError('archive-corrupt', `This archive is damaged, so it is not restored: a damaged key or bundle could lose an identity. ${why}`);
  }
  return result;
}

/** Every member's bytes of an archive loaded whole (reseal). */
export const contentsOf = (archive: LoadedArchive) => new Map(archive.members.map((m) => [m.path, m.content!]));

/** The encrypted bundle of a checked archive, read once from its file (the words are checked against it). */
export const readBundle = (path: string, archive: LoadedArchive) => readMember(path, archive.members.find((m) => m.path === 'backup')!);

/**
 * The words check before a restore: the bundle read once from the archive and opened inside its
 * own bytes (no copy of its size), with libsodium when it is large (a 50 MB bundle: some 30 ms
 * instead of half a second of pure JavaScript), its structure not scanned again, its contacts
 * counted, not parsed.
 */
export async function openArchiveBundle(path: string, archive: LoadedArchive, entropy: Uint8Array) {
  const bytes = await readBundle(path, archive);
  if (bytes.length > NATIVE_CRYPTO_FROM) await preloadSodium();
  // readBundle matched the bytes to the checksum the check read them with: their structure is the one it checked.
  return openBundleIdentities(bytes, entropy, { overwrite: true, ...(archive.bundle ? { shape: archive.bundle } : {}) });
}

export async function describe(path: string, archive: LoadedArchive) {
  return {
    path,
    fileName: basename(path),
    createdAt: archive.manifest.createdAt,
    appVersion: archive.manifest.app.version,
    sourceBox: archive.manifest.source.box,
    fingerprint: manifestFingerprint(archive.manifest),
    formatVersion: archive.manifest.formatVersion,
    files: archive.members.length,
    bytes: archive.archiveSize,
    intact: true as const,
    paths: archive.members.map((m) => m.path),
    encryptedBackup: (await readBundle(path, archive)).toString('utf8'),
  };
}

export interface RestoreOptions {
  archivePath: string;
  boxUrl: string;
  /** The id of the words the owner typed; it must be the archive's. */
  backupId: string;
  /** Format 2: the identity of the same words (AGE-SECRET-KEY-1…), to open the sealed key files. */
  sealIdentity?: string;
  replace: boolean;
  /** The archive already read and verified by the caller (the CLI): it is not read a second time. */
  archive?: LoadedArchive;
  signal?: AbortSignal;
  onProgress?: (stage: RestoreStage, done: number, total: number | null) => void;
  /** Another program on this computer is using the box; this restore waits its turn. */
  onWaiting?: () => void;
  timeouts?: Parameters<typeof createBoxClient>[1];
}

/**
 * Restore to box: archive verified -> its id is the words' id -> box reachable with the
 * backup-service -> compare with what the box has -> import-backup (atomic on the box) ->
 * export-backup read-back, every sha256 compared.
 */
type RestoreOutcome = { outcome: 'restored' | 'already-there'; files: number; boxUrl: string };

export const CANCELLED_BOX_UNCHANGED = 'Cancelled. The box was left as it was.';
export const CANCELLED_AFTER_COMMIT =
  'Cancelled too late to undo: the box had already saved the backup from this archive, but it was not read back to check it. Restore again to check it.';

/** What a box that stopped answering mid-restore was left with, by how far the restore got. */
export const STOPPED_BOX_UNCHANGED = 'The box was left as it was.';
export const STOPPED_COMMIT_UNKNOWN = 'Everything had been sent, so the box may hold either its old copy or this one. Restore again to be sure.';
export const STOPPED_AFTER_COMMIT = 'The box had already saved the backup from this archive, but it could not be read back to check it. Restore again to check it.';

export async function restoreToBox(options: RestoreOptions): Promise<RestoreOutcome> {
  let committed = false;
  // Progress reporting only: how far the transfer got, for a box that stops answering midway.
  const far = transferProgress({ uploading: 'been sent', verifying: 'been read back' });
  const report = options.onProgress;
  const tracked: RestoreOptions = { ...options, onProgress: (stage, done, total) => (far.track(stage, done, total), report?.(stage, done, total)) };
  try {
    return await restore(tracked, () => (committed = true));
  } catch (err) {
    if (options.signal?.aborted || (err instanceof AppError && err.code === 'cancelled')) {
      // Said at once on screen ("Cancelled", then "finishing with the box…"); the restore ends once
      // the box has answered the call in flight and discarded the unfinished upload.
      await settleBox(options.boxUrl);
      // The commit is the one step that changes the box: before it, the box is as it was.
      if (committed) throw new AppError('cancelled', CANCELLED_AFTER_COMMIT);
      if (err instanceof AppError && err.message === COMMIT_UNCONFIRMED) throw err;
      throw new AppError('cancelled', CANCELLED_BOX_UNCHANGED);
    }
    const sentAll = far.howFar?.stage === 'uploading' && far.howFar.total !== null && far.howFar.done >= far.howFar.total;
    throw far.explain(err, options.boxUrl, committed ? STOPPED_AFTER_COMMIT : sentAll ? STOPPED_COMMIT_UNKNOWN : STOPPED_BOX_UNCHANGED);
  }
}

async function restore(options: RestoreOptions, onCommitted: () => void): Promise<RestoreOutcome> {
  const progress = options.onProgress ?? (() => {});
  progress('checking', 0, null);
  const loaded = options.archive ?? (await loadArchive(options.archivePath, options.signal));
  if (!manifestBelongsTo(loaded.manifest, options.backupId)) {
    throw new AppError('mnemonic-mismatch', 'These words belong to a different backup than this archive. Nothing was sent to the box.');
  }
  // The box gets its own files back: sealed key files are opened and checked against the manifest
  // now, before anything is sent, and again one at a time as the upload sends them.
  await checkSealedFiles(loaded, options.sealIdentity);
  const source = await openArchiveSource(options.archivePath, loaded, options.sealIdentity);
  try {
    return await send(options, loaded, source, onCommitted);
  } finally {
    await source.close();
  }
}

/**
 * The read-back keeps nothing: the box's every file is hashed as it arrives and checked against
 * the size and sha256 the box lists (exportBackupInto), and that list is compared with the archive's.
 */
const CHECK_ONLY: ExportSink = { begin: async () => {}, write: async () => {} };

async function send(options: RestoreOptions, archive: LoadedArchive, source: ArchiveSource, onCommitted: () => void): Promise<RestoreOutcome> {
  const progress = options.onProgress ?? (() => {});
  // What the check read (and the words check's bundle) is garbage now: collected before the upload, not on top of it.
  collectGarbage();
  progress('connecting', 0, null);
  const client = createBoxClient(options.boxUrl, options.timeouts, { onWaiting: options.onWaiting });
  await client.checkRendezvous(options.signal);
  await client.backupServiceAbout(options.signal);

  progress('comparing', 0, null);
  const wanted = new Map(source.files.map((f) => [f.path, f.sha256]));
  const uploadTotal = source.files.reduce((sum, f) => sum + f.size, 0);
  const same = (a: Map<string, string>, b: Map<string, string>) => a.size === b.size && [...a].every(([p, h]) => b.get(p) === h);
  // What the box holds now: its digest is one small call; only a backup-service older than
  // `backup-digest` makes us download its whole copy (on a slow box that took as long as the upload).
  let onBox: 'none' | 'same' | 'different' = 'none';
  const digest = await client.backupDigest(options.backupId, options.signal);
  if (digest !== 'unknown') {
    if (!('notFound' in digest)) onBox = digest.digest === backupDigest(boxFiles(archive.manifest)).digest ? 'same' : 'different';
  } else {
    try {
      const current = await client.exportBackupInto(options.backupId, CHECK_ONLY, { signal: options.signal, onProgress: (done, total) => progress('comparing', done, total) });
      onBox = same(new Map(current.map((f) => [f.path, f.sha256])), wanted) ? 'same' : 'different';
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'backup-not-found')) throw err;
    }
  }
  if (onBox === 'same') {
    progress('done', uploadTotal, uploadTotal);
    log.info(`restore ${redactId(options.backupId)}: the box already has this exact backup`);
    return { outcome: 'already-there', files: wanted.size, boxUrl: client.url };
  }
  if (onBox === 'different' && !options.replace) {
    throw new AppError('backup-exists-different', 'Your box already has a different copy of this backup (perhaps a newer one from your phone). Nothing was changed. Replace it only if you are sure the archive is the copy you want.');
  }

  progress('uploading', 0, uploadTotal);
  await client.importBackup(options.backupId, source, {
    replace: options.replace,
    signal: options.signal,
    onProgress: (done, total) => progress('uploading', done, total),
  });
  onCommitted();
  if (options.signal?.aborted) throw new AppError('cancelled', CANCELLED_AFTER_COMMIT);

  progress('verifying', 0, uploadTotal);
  // Progress: the read-back counts the backup's own bytes against what was sent (not the first reply's
  // length on the wire, which said "23.5 KB of 23.5 KB", then "22.1 KB", for a 22.1 KB upload).
  const back = await client.exportBackupInto(options.backupId, CHECK_ONLY, { signal: options.signal, expectedTotal: uploadTotal, onProgress: (done, total) => progress('verifying', done, total ?? uploadTotal) });
  const got = new Map(back.map((f) => [f.path, f.sha256]));
  if (!same(got, wanted)) {
    throw new AppError('verify-failed', 'The box did not give back exactly what was sent. Try the restore again; if it keeps failing, the box storage may be failing.');
  }
  progress('done', uploadTotal, uploadTotal);
  log.info(`restored ${redactId(options.backupId)} to ${client.url}`);
  return { outcome: 'restored', files: wanted.size, boxUrl: client.url };
}
