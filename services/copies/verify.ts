import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { backupDigest } from '../../shared/backup-digest';
import { AppError, toErrorData } from '../../shared/errors';
import { manifestRef, type Catalog, type CatalogEntry } from '../archive/catalog';
import { boxFiles, manifestBelongsTo, manifestLabel } from '../../shared/archive/manifest';
import { LIMITS } from '../archive/format';
import { judgeArchive, verdictReason } from '../inspect/verdict';
import { volumeRecord } from '../drives/containing';
import { identifyVolume } from '../drives/identity';
import type { Volume } from '../drives/parse';
import { createLogger } from '../log';
import { readManifest } from './manifest';

const log = createLogger('copies-verify');

export interface CheckTarget {
  path: string;
  /** Which backup (for "newest per backup first"); null when not known yet. */
  backupRef: string | null;
  createdAt: string;
  /** On a stick (recorded when the catalog adopts an archive it did not know). */
  removable?: boolean;
}

/**
 * ok: read back intact and can bring the identities back. incomplete / damaged: read back intact,
 * but the backup inside cannot (the box's backup was so when it was archived). failed: it did not
 * read back as written. skipped: it went away while being checked.
 */
export type CheckOutcome = 'ok' | 'incomplete' | 'damaged' | 'failed' | 'skipped';

export interface CheckOptions {
  catalog: Catalog;
  signal?: AbortSignal;
  /** Whether the archive's stick or folder is still there: a copy that went away is never flagged. */
  stillThere?: (path: string) => Promise<boolean>;
  now?: () => Date;
  /** The demo backup's id: an adopted archive of it is recorded as a demo archive. */
  demoBackupId?: string | null;
  /**
   * Whether an archive the catalog does not know may be added to it: only the person's backups
   * (remembered or claimed) are; a stranger's archive on a stick is checked but never adopted.
   */
  adoptable?: (backupRef: string) => boolean;
  /** The backup ids the app knows (remembered, the demo): a format-2 manifest names its backup only by fingerprint. */
  knownIds?: readonly (string | null)[];
  /** The removable volumes now: an adopted archive's volume is recorded as its writer would have. */
  volumes?: Volume[];
}

const present = (path: string) => stat(path).then((s) => s.isFile(), () => false);

async function fileFacts(path: string): Promise<{ archiveSize: number; archiveSha256: string } | null> {
  try {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size > LIMITS.totalBytes) return null;
    }
    return { archiveSize: size, archiveSha256: hash.digest('hex') };
  } catch {
    return null;
  }
}

/**
 * A catalog entry for an archive this catalog does not know (found on a stick). `read` is the
 * verified read; without it (a failed check) the file is hashed as it is, and verifiedAt stays empty.
 */
async function describeForCatalog(
  target: CheckTarget,
  read: { archiveSize: number; archiveSha256: string } | null,
  at: string,
  options: CheckOptions,
): Promise<CatalogEntry | undefined> {
  const { path } = target;
  const demoBackupId = options.demoBackupId ?? null;
  const manifest = await readManifest(path).catch(() => null);
  const ref = manifest ? manifestRef(manifest, [demoBackupId, ...(options.knownIds ?? [])]) : null;
  if (ref && options.adoptable && !options.adoptable(ref)) return undefined;
  const facts = read ?? (manifest ? await fileFacts(path) : null);
  if (!manifest || !facts) return undefined;
  return {
    path,
    directory: dirname(path),
    fileName: basename(path),
    backupIdPrefix: manifestLabel(manifest),
    backupRef: ref!,
    sourceBox: manifest.source.box,
    createdAt: manifest.createdAt,
    bytes: facts.archiveSize,
    sha256: facts.archiveSha256,
    verifiedAt: read ? at : '',
    cacheBypassed: false,
    filesystem: '',
    digest: backupDigest(boxFiles(manifest)).digest,
    demo: demoBackupId !== null && manifestBelongsTo(manifest, demoBackupId),
    removable: target.removable ?? false,
    volume: volumeRecord(dirname(path), options.volumes ?? [], await identifyVolume(dirname(path))),
  };
}

/**
 * Re-reads one archive completely and records the outcome in the catalog: verified-at when it
 * reads back intact, the failure when it does not. When the read fails because the archive or
 * its stick went away meanwhile, nothing is recorded: a removed stick is not a failing one.
 */
export async function checkCopy(target: CheckTarget, options: CheckOptions): Promise<CheckOutcome> {
  const { path } = target;
  const at = () => (options.now?.() ?? new Date()).toISOString();
  const stillThere = options.stillThere ?? present;
  let verdict: Awaited<ReturnType<typeof judgeArchive>>;
  try {
    verdict = await judgeArchive(path, { signal: options.signal });
  } catch (err) {
    if (toErrorData(err).code === 'cancelled' || options.signal?.aborted) throw new AppError('cancelled', 'Checking the copies was cancelled.');
    throw err;
  }
  if (options.signal?.aborted) throw new AppError('cancelled', 'Checking the copies was cancelled.');
  const content = { status: verdict.status, ...verdict.counts };
  if (verdict.intact && verdict.read) {
    const when = at();
    await options.catalog.recordCheck(path, { at: when, failure: null, content }, await describeForCatalog(target, verdict.read, when, options));
    return verdict.status === 'ok' ? 'ok' : verdict.status === 'incomplete' ? 'incomplete' : 'damaged';
  }
  if (!(await stillThere(path)) || !(await present(path))) {
    log.info(`a copy went away while it was being checked; not flagged`);
    return 'skipped';
  }
  const when = at();
  const message = verdict.read ? (verdictReason(verdict) ?? 'It did not read back intact.') : (verdict.error?.code === 'internal' ? 'It could not be read back.' : verdict.problems[0]!.message);
  const adopt = await describeForCatalog(target, null, when, options);
  await options.catalog.recordCheck(path, { at: when, failure: message, content }, adopt);
  log.warn(`a copy failed its check: ${verdict.error?.code ?? 'archive-corrupt'}`);
  return 'failed';
}

/** Newest archive of each backup first, then the rest, newest first. */
export function checkOrder<T extends CheckTarget>(targets: T[]): T[] {
  const sorted = [...targets].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  const seen = new Set<string>();
  const first: T[] = [];
  const rest: T[] = [];
  for (const t of sorted) {
    const key = t.backupRef ?? t.path;
    if (seen.has(key)) rest.push(t);
    else {
      seen.add(key);
      first.push(t);
    }
  }
  return [...first, ...rest];
}

const pause = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (ms <= 0 || signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Checks many copies one after the other, pausing between them so a slow stick stays usable. */
export async function checkCopies(
  targets: CheckTarget[],
  options: CheckOptions & { pauseMs?: number; onProgress?: (done: number, total: number, outcome: CheckOutcome) => void },
): Promise<{ checked: number; failed: number; skipped: number; notRestorable: number }> {
  const ordered = checkOrder(targets);
  const totals = { checked: 0, failed: 0, skipped: 0, notRestorable: 0 };
  for (let i = 0; i < ordered.length; i++) {
    if (options.signal?.aborted) throw new AppError('cancelled', 'Checking the copies was cancelled.');
    if (i > 0) await pause(options.pauseMs ?? 0, options.signal);
    const outcome = await checkCopy(ordered[i]!, options);
    if (outcome === 'skipped') totals.skipped += 1;
    else {
      totals.checked += 1;
      if (outcome === 'failed') totals.failed += 1;
      if (outcome === 'incomplete' || outcome === 'damaged') totals.notRestorable += 1;
    }
    options.onProgress?.(i + 1, ordered.length, outcome);
  }
  return totals;
}
