import { createHash } from 'node:crypto';
import { stat, unlink } from 'node:fs/promises';
import { backupDigest } from '../../shared/backup-digest';
import { backupLabel } from '../../shared/archive/fingerprint';
import { uncarriedFileSentence } from '../../shared/backup-path';
import { AppError } from '../../shared/errors';
import { redactId } from '../../shared/redact';
import type { FileEntry } from '../../shared/box-protocol';
import { volumeRecord } from '../drives/containing';
import { identifyVolume } from '../drives/identity';
import { listVolumes } from '../drives/list';
import type { Volume } from '../drives/parse';
import { createBoxClient, type BoxClient, type BoxDigest, type ExportSink } from '../box/client';
import { transferProgress } from '../box/how-far';
import { createLogger } from '../log';
import { backupRef, type Catalog, type CatalogEntry } from './catalog';
import { pullFormat, type PullFormat } from './pull-manifest';
import { openArchiveStream, type ArchiveStream } from './stream-write';
import { cleanupPartials, preflight, type DurableWrite } from './write';
import { judgeArchiveRead, keepForVerdict, verdictReason, type Verdict } from '../inspect/verdict';
import { newestComplete, shrinkAgainst } from './shrink';
import { NOT_RESTORABLE_NEXT_STEP, notRestorableSentence, SHRINK_NEXT_STEP, shrinkSentence, type ShrinkFacts } from '../../shared/inspect/verdict-text';

const log = createLogger('pull');
/** The backup-service's refusal of a name (shared/backup-path.ts), as the client quotes it (cut at 200 characters). */
const UNCARRIED_RE = /(A file|(\d+) files) in your box's backup could not be copied because (?:its|a) name is not allowed \(([^)]{1,80})\)/;

export const PULL_STAGES = ['connecting', 'downloading', 'checking', 'writing', 'syncing', 'verifying', 'done'] as const;
export type PullStage = (typeof PULL_STAGES)[number];

export interface PullOptions {
  boxUrl: string;
  backupId: string;
  /**
   * The owner's age recipient (the public key derived from the words): the archive is format 2,
   * its key files sealed to it. Null: format 1 (a backup remembered before sealing existed).
   */
  recipient?: string | null;
  destination: string;
  appName: string;
  appVersion: string;
  catalog: Catalog;
  retention: number;
  /** The made-up demo backup (recorded as demo in the catalog). */
  demo?: boolean;
  /** The destination is a removable volume (a stick), not a folder on this computer. */
  removable?: boolean;
  /** The removable volumes the caller just listed (else they are listed here): a stick's place is its listed volume. */
  volumes?: Volume[];
  signal?: AbortSignal;
  /** Bytes done and total in each stage (downloading, writing, verifying); total null while unknown. */
  onProgress?: (stage: PullStage, done: number, total: number | null) => void;
  /** Another program on this computer is using the box; this pull waits its turn. */
  onWaiting?: () => void;
  /** The box's `backup-digest` answer when the caller has just asked it (automation, schedule): not asked twice. */
  announced?: BoxDigest;
  /** A copy the box kept when it was replaced (`backup-versions`), instead of the current one. */
  version?: number;
  now?: () => Date;
  timeouts?: Parameters<typeof createBoxClient>[1];
}

export interface PullResult extends DurableWrite {
  files: number;
  /** The backup's own size (its files as the box listed them); `bytes` is the archive file's. */
  backupBytes: number;
  formatVersion: 1 | 2;
  removedOld: string[];
  entry: CatalogEntry;
  /** The verdict on what was read back from the disk: can this copy bring the identities back? */
  verdict: Verdict;
  /** Fewer identities (or no bundle) than the newest complete archive of this backup. */
  shrink: ShrinkFacts | null;
  /** What a person must know about this copy, in sentences, with one next step; empty when it is a good copy. */
  notes: { sentence: string; nextStep: string }[];
}

/** The size of a kept version, as `backup-digest` would tell the current one's. */
async function versionSize(client: BoxClient, backupId: string, version: number, signal?: AbortSignal): Promise<BoxDigest> {
  const kept = (await client.backupVersions(backupId, signal)).find((v) => v.version === version);
  if (!kept) throw new AppError('backup-not-found', `Your box does not keep a version ${version} of this backup. \`idbox box versions\` lists the ones it keeps.`);
  return { digest: kept.digest, files: kept.files, bytes: kept.bytes, modified: kept.replacedAt };
}

/** Opens the archive's temp file once the box's first reply lists the files, then takes every piece. */
function archiveSink(options: PullOptions, box: string, createdAt: Date, progress: (stage: PullStage, done: number, total: number | null) => void) {
  let archive: ArchiveStream | null = null;
  let format: PullFormat | null = null;
  const sink: ExportSink = {
    begin: async (files) => {
      // A backup without its bundle is still archived (every byte the box had is kept) and judged
      // incomplete; only an empty folder leaves nothing to keep.
      if (files.length === 0) throw new AppError('box-reply-invalid', 'The backup on the box is empty (it may have been interrupted). Ask the phone to make a new backup, then try again.');
      format = pullFormat({ createdAt, app: { name: options.appName, version: options.appVersion }, box, backupId: options.backupId, recipient: options.recipient ?? null }, files);
      archive = await openArchiveStream(options.destination, format.fileName, format.manifest, {
        signal: options.signal,
        deferManifest: format.manifest.formatVersion === 2,
        keepContent: keepForVerdict,
        onProgress: (stage, done, total) => progress(stage, done, total),
      });
    },
    write: (index, data) => format!.write(archive!, index, data),
  };
  return {
    sink,
    archive: () => archive,
    formatVersion: () => format?.manifest.formatVersion ?? 1,
    finish: async () => {
      await format!.complete(archive!);
      return archive!.finish();
    },
  };
}

/**
 * Pull and archive: box -> every file checked -> .idbox written durably -> read back and verified
 * -> recorded in the catalog -> older archives of the same backup in that folder retired.
 */
export async function pullToArchive(options: PullOptions): Promise<PullResult> {
  const cancelled = () => new AppError('cancelled', `Cancelled. Nothing was written to the ${options.removable ? 'stick' : 'folder'}.`);
  // How far the download got, for a box that stops answering midway.
  const far = transferProgress({ downloading: 'arrived' });
  const report = options.onProgress;
  // A stick pulled out while the backup downloads stops the pull at once, not when the write finds it gone.
  const stick = options.removable ? watchStick(options.destination, options.signal) : null;
  const tracked: PullOptions = { ...options, ...(stick ? { signal: stick.signal } : {}), onProgress: (stage, done, total) => (far.track(stage, done, total), report?.(stage, done, total)) };
  try {
    return await pull(tracked, () => {
      if (stick?.gone()) throw stickGone(options.destination);
      if (options.signal?.aborted) throw cancelled();
    });
  } catch (err) {
    if (stick?.gone()) throw stickGone(options.destination);
    // Wherever the cancel caught the pull, the temp file is gone and no file has an archive name:
    // the durable write removes both on any failure, including a cancel during the read-back.
    // Ends at once: the call in flight keeps this box's queue and lock until the box answers it, so
    // nothing overlaps it, and a pull has nothing to send the box after a cancel.
    if (options.signal?.aborted || (err instanceof AppError && err.code === 'cancelled')) throw cancelled();
    // The backup-service refuses a backup holding a name it cannot carry (shared/backup-path.ts), in its own sentence.
    const carried = err instanceof AppError && err.code === 'box-error' ? UNCARRIED_RE.exec(err.message) : null;
    if (carried) throw new AppError('file-not-carried', uncarriedFileSentence(carried[2] ? Number(carried[2]) : 1, carried[3]!));
    // A stick that is not where it was (pulled out, or mounted elsewhere) is told as a stick, not as a missing folder.
    if (options.removable && err instanceof AppError && err.code === 'destination-missing') throw stickGone(options.destination);
    throw far.explain(err, options.boxUrl, `Nothing was written to the ${options.removable ? 'stick' : 'folder'}.`);
  } finally {
    stick?.stop();
  }
}

const stickGone = (destination: string) =>
  new AppError('destination-missing', `The stick at "${destination}" is not there any more (was it pulled out?). No archive was written to it. Plug it in again, then archive again.`);

/** How often a pull to a stick looks whether the stick is still there. */
const STICK_LOOK_MS = 1000;

/**
 * Watches the folder on a stick while a pull runs: gone, or another filesystem there now (the stick
 * unmounted, its empty mount point left), and the pull's signal is aborted so the download stops.
 */
function watchStick(destination: string, outer: AbortSignal | undefined): { signal: AbortSignal; gone: () => boolean; stop: () => void } {
  const controller = new AbortController();
  const forward = () => controller.abort();
  if (outer?.aborted) controller.abort();
  else outer?.addEventListener('abort', forward, { once: true });
  let device: number | null = null;
  let isGone = false;
  let looking = false;
  const lost = () => {
    isGone = true;
    controller.abort();
  };
  const look = async () => {
    if (looking || isGone) return;
    looking = true;
    try {
      const info = await stat(destination);
      if (device === null) device = info.dev;
      else if (info.dev !== device) lost();
    } catch (err) {
      // Not there yet at the first look is the preflight's to say; after it was seen, it is gone.
      if (device !== null && ['ENOENT', 'ENOTDIR', 'EIO', 'ENODEV', 'ENXIO', 'ESTALE', 'ENOTCONN'].includes((err as NodeJS.ErrnoException).code ?? '')) lost();
    } finally {
      looking = false;
    }
  };
  void look();
  const timer = setInterval(() => void look(), STICK_LOOK_MS);
  timer.unref();
  return {
    signal: controller.signal,
    gone: () => isGone,
    stop: () => {
      clearInterval(timer);
      outer?.removeEventListener('abort', forward);
    },
  };
}

async function pull(options: PullOptions, check: () => void): Promise<PullResult> {
  const progress = options.onProgress ?? (() => {});
  progress('connecting', 0, null);
  await cleanupPartials(options.destination);
  await preflight(options.destination, 0);
  const client = createBoxClient(options.boxUrl, options.timeouts, { onWaiting: options.onWaiting });
  await client.checkRendezvous(options.signal);
  await client.backupServiceAbout(options.signal);
  // The backup's size first (one small call), so the download shows a percentage from its first
  // byte; a backup-service older than `backup-digest` answers 'unknown' and the size comes with
  // the first reply. A box with no such backup says so before anything is written.
  // The size is only shown: a box that answers this call oddly is judged by the download itself.
  const announced = options.version
    ? await versionSize(client, options.backupId, options.version, options.signal)
    : (options.announced ??
    (await client.backupDigest(options.backupId, options.signal).catch((err: unknown) => {
      if (err instanceof AppError && (err.code === 'box-reply-invalid' || err.code === 'box-error')) return 'unknown' as const;
      throw err;
    })));
  if (announced !== 'unknown' && 'notFound' in announced) throw new AppError('backup-not-found', 'Your box has no backup for these words.');
  const expectedTotal = announced === 'unknown' ? null : announced.bytes;
  check();
  progress('downloading', 0, expectedTotal);
  // The archive is written to its temp file as the backup arrives (memory: about one reply).
  const createdAt = (options.now ?? (() => new Date()))();
  const target = archiveSink(options, client.url, createdAt, progress);
  let written: DurableWrite;
  let files: FileEntry[];
  try {
    files = await client.exportBackupInto(options.backupId, target.sink, {
      signal: options.signal,
      expectedTotal,
      ...(options.version ? { version: options.version } : {}),
      onProgress: (done, total) => progress('downloading', done, total),
    });
    check();
    const downloaded = files.reduce((sum, f) => sum + f.size, 0);
    progress('checking', downloaded, downloaded);
    written = await target.finish();
  } catch (err) {
    await target.archive()?.abort();
    throw err;
  }
  const entry: CatalogEntry = {
    path: written.path,
    directory: written.directory,
    fileName: written.fileName,
    // Named as its report names it: format 2 by the fingerprint (the archive holds no id).
    backupIdPrefix: backupLabel(options.backupId, target.formatVersion() === 2),
    backupRef: backupRef(options.backupId),
    sourceBox: client.url,
    createdAt: createdAt.toISOString(),
    bytes: written.bytes,
    sha256: written.sha256,
    verifiedAt: new Date().toISOString(),
    cacheBypassed: written.cacheBypassed,
    filesystem: written.filesystem,
    demo: options.demo ?? false,
    removable: options.removable ?? false,
    digest: backupDigest(files, (bytes) => createHash('sha256').update(bytes).digest('hex')).digest,
    // The volume it was written to, told now: a place is a volume, wherever it is mounted later.
    volume: volumeRecord(written.directory, options.volumes ?? (await listVolumes().catch(() => [])), await identifyVolume(written.directory)),
  };
  // Restorability is part of the verdict: judged on what was read back, compared with the newest complete copy.
  const { status, problems, counts } = judgeArchiveRead(written.archive);
  const verdict: Verdict = { status, problems, counts };
  const ref = entry.backupRef;
  const baseline = await newestComplete((await options.catalog.list()).filter((e) => e.backupRef === ref && e.demo === entry.demo && e.path !== entry.path), createdAt.getTime());
  const shrink = baseline ? shrinkAgainst(baseline, counts) : null;
  entry.content = { status, ...counts, ...(shrink ? { shrunk: true } : {}) };
  // The last moment a cancel can still undo the archive: after this it is recorded and kept.
  if (options.signal?.aborted) {
    await unlink(written.path).catch(() => undefined);
    check();
  }
  const removedOld = await options.catalog.record(entry, options.retention).catch((err: unknown) => options.catalog.reportUnrecorded(entry, err));
  // Success is reported only for an archive that is there, with the size that was verified.
  const there = await stat(written.path).catch(() => null);
  if (!there?.isFile() || there.size !== written.bytes) {
    throw new AppError('destination-removed', 'The archive was written and checked, but it is no longer in the folder (was the stick removed?). Plug it in and archive again.');
  }
  progress('done', written.bytes, written.bytes);
  const now = (options.now ?? (() => new Date()))();
  const notes: PullResult['notes'] = [];
  if (status !== 'ok') notes.push({ sentence: notRestorableSentence(status, verdictReason(verdict)), nextStep: NOT_RESTORABLE_NEXT_STEP });
  if (shrink) notes.push({ sentence: shrinkSentence(shrink, now), nextStep: SHRINK_NEXT_STEP });
  if (notes.length) log.warn(`archived ${redactId(options.backupId)} to ${written.path}: ${status}${shrink ? ', shrunk' : ''}`);
  else log.info(`archived ${redactId(options.backupId)} to ${written.path}`);
  return { ...written, files: files.length, backupBytes: files.reduce((sum, f) => sum + f.size, 0), formatVersion: target.formatVersion(), removedOld, entry, verdict, shrink, notes };
}
