import { createHash } from 'node:crypto';
import { BACKUP_SERVICE, ImportReply, type FileEntry } from '../../shared/box-protocol';
import { AppError } from '../../shared/errors';
import { redactId } from '../../shared/redact';
import { createLogger } from '../log';
import { NATIVE_CRYPTO_FROM } from './client-export';
import { garbagePacer } from '../memory';
import { contentsSource, jsonBytes, planImport, readChunks, type UploadSource } from './import-plan';
import { preloadSodium } from './native-crypto';
import type { Transport } from './transport';
import { createLinkEstimate, mergeCalls, mostPerCall, UNIT } from './upload-pace';

const log = createLogger('box-client');

/** How long a cancel waits for the box to answer a commit that was already sent. */
const COMMIT_GRACE_MS = 3_000;
export const COMMIT_UNCONFIRMED =
  'Cancelled while the box was saving the backup: it did not confirm in time, so it may hold either the old or the new copy. Restore again to be sure.';
/** An upload collects its garbage after each this many bytes of content. */
const UPLOAD_GC_BYTES = 16 * 1024 * 1024;
/** A staging call that fails because the link got slower is resent smaller this many times in a row, no more. */
const MAX_RESENDS = 4;

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return a > major || (a === major && b >= minor);
}

/** The call outlived the link: the connection dropped mid-call, or the answer did not come in time. */
const linkTooSlow = (err: unknown) => err instanceof AppError && (err.code === 'box-connection-lost' || err.code === 'service-not-answering');

export interface ImportOptions {
  replace?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Uploads a backup folder with import-backup; the box commits it atomically on the final call.
 * Every piece goes in a staging call, sized from the link's measured speed (./upload-pace.ts); the
 * last call only commits and carries no data. A staging call that fails because the link became
 * slower is resent smaller (the box's staging writes are positioned, so a slice sent twice is
 * harmless). A cancel waits for the box's answer to the call in flight, then asks it to discard
 * the stage, and only then ends: no request ever overlaps another.
 */
export async function importBackup(box: Transport, backupId: string, from: Map<string, Buffer> | UploadSource, options: ImportOptions = {}) {
  const source = from instanceof Map ? contentsSource(from) : from;
  const files: FileEntry[] = source.files;
  const total = files.reduce((s, f) => s + f.size, 0);
  if (total > NATIVE_CRYPTO_FROM) void preloadSodium();
  const plan = planImport(backupId, files, { maxContent: UNIT });
  const most = mostPerCall(planImport(backupId, files).calls);
  const listChars = jsonBytes(files);
  const listBytes = plan.needsListOnce ? 0 : listChars;
  // A short `about` first: a stopped service is known in seconds.
  const about = await box.backupServiceAbout(options.signal);
  if (plan.needsListOnce && !versionAtLeast(about.version, 1, 1)) {
    throw new AppError('service-missing', `This backup has ${files.length} files, more than the backup service on your box (version ${about.version.slice(0, 20)}) can take. Install the current backup service on the box, then try again.`);
  }
  let uploadId: string | undefined;
  try {
    uploadId = await stage(box, backupId, source, { plan, most, listChars, listBytes, total, files }, options, (id) => (uploadId = id));
  } catch (err) {
    if (options.signal?.aborted && uploadId && !discarded.has(err as object)) await discardUpload(box, backupId, uploadId);
    throw err;
  }
  if (options.signal?.aborted) {
    if (uploadId) await discardUpload(box, backupId, uploadId);
    throw new AppError('cancelled', 'The operation was cancelled.');
  }
  return commit(box, backupId, plan.needsListOnce ? null : files, uploadId, options);
}

interface Staging {
  plan: ReturnType<typeof planImport>;
  most: number;
  listChars: number;
  listBytes: number;
  total: number;
  files: FileEntry[];
}

/** Errors after which the unfinished upload was already discarded on the box. */
const discarded = new WeakSet<object>();

async function stage(box: Transport, backupId: string, source: UploadSource, s: Staging, options: ImportOptions, onUpload: (id: string) => void): Promise<string | undefined> {
  let uploadId: string | undefined;
  let sent = 0;
  let link = createLinkEstimate();
  let cap = Number.POSITIVE_INFINITY;
  let resends = 0;
  // Each call leaves a few copies of its content as garbage (base64, JSON, the sealed envelope):
  // collected now and then, so memory does not pile up to V8's own limit. Less often than a
  // download does: a full collection costs more here (measured: every 6 MB cost 18 ms per MB).
  const pace = garbagePacer(UPLOAD_GC_BYTES);
  for (let next = 0; next < s.plan.calls.length; ) {
    if (options.signal?.aborted) return uploadId;
    const merged = mergeCalls(s.plan.calls, next, Math.min(cap, link.nextCount(s.listBytes, s.most)), s.plan.needsListOnce, s.listChars);
    const call = merged.call;
    let chunks;
    try {
      chunks = await readChunks(call, source);
    } catch (err) {
      // The source changed since it was checked (or cannot be read): what the box staged is dropped, the box keeps its copy.
      if (uploadId) await discardUpload(box, backupId, uploadId);
      if (err instanceof Object) discarded.add(err);
      throw err;
    }
    const request = {
      backupId,
      ...(call.files ? { files: call.files } : {}),
      ...(call.moreFiles ? { moreFiles: true } : {}),
      chunks,
      final: false,
      ...(uploadId ? { uploadId } : {}),
      ...(options.replace ? { replace: true } : {}),
    };
    const started = Date.now();
    let reply;
    try {
      // Held: after a cancel the box's answer is still awaited, so its stage can be discarded.
      reply = await box.expect(BACKUP_SERVICE, 'import-backup', [request], ImportReply, { signal: options.signal, hold: true });
    } catch (err) {
      // A part of a file list sent once cannot be sent twice (the box would list it twice).
      const resendable = !(s.plan.needsListOnce && call.files);
      if (options.signal?.aborted || !linkTooSlow(err) || !resendable) throw err;
      if (resends >= MAX_RESENDS) {
        throw new AppError('box-timeout', `The link to your box at ${box.host} became too slow to finish, even in small pieces; the box kept its backup as it was. Try again closer to the box or when the network is quieter.`);
      }
      resends += 1;
      cap = Math.max(1, Math.floor((merged.next - next) / 4));
      link = createLinkEstimate();
      log.warn(`an upload call failed as the link slowed down; sending it again in smaller pieces (${resends} of ${MAX_RESENDS})`);
      continue;
    }
    resends = 0;
    next = merged.next;
    if (!('uploadId' in reply)) throw new AppError('box-reply-invalid', 'The box did not start the upload.');
    uploadId = reply.uploadId;
    onUpload(uploadId);
    const content = call.slices.reduce((sum, c) => sum + c.length, 0);
    sent += content;
    // Content only: a file list sent with every call is part of each call's fixed cost.
    if (content > 0) link.observe(content, Math.max(1, Date.now() - started) / 1000);
    options.onProgress?.(Math.min(sent, s.total), s.total);
    pace(sent);
  }
  return uploadId;
}

async function commit(box: Transport, backupId: string, files: FileEntry[] | null, uploadId: string | undefined, options: ImportOptions) {
  // The commit is short. A cancel that arrives while it is on its way waits briefly for the
  // box's answer, so the caller can say truthfully whether the box saved the backup.
  const done = new AbortController();
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onAbort = () => (timer = setTimeout(() => done.abort(), COMMIT_GRACE_MS));
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    // A short list travels in every call (service 1.0 checks it); a long one was sent once.
    const request = { backupId, ...(files ? { files } : {}), chunks: [], final: true, uploadId, ...(options.replace ? { replace: true } : {}) };
    const reply = await box.expect(BACKUP_SERVICE, 'import-backup', [request], ImportReply, { signal: done.signal });
    if (!('written' in reply)) throw new AppError('box-reply-invalid', 'The box did not confirm the upload.');
    log.info(`imported ${redactId(backupId)}: ${reply.written} files`);
    return { written: reply.written, unchanged: reply.unchanged === true };
  } catch (err) {
    if (done.signal.aborted) throw new AppError('cancelled', COMMIT_UNCONFIRMED);
    throw err;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    if (timer) clearTimeout(timer);
  }
}

/**
 * After a cancel, asks the box to drop the unfinished stage at once (it would otherwise drop it
 * after 10 minutes idle), so the box's folder is exactly as before. Queued behind the call in
 * flight (never overlapping it) and bounded by the reply timeout; a failure only leaves the stage
 * to the box's own expiry.
 */
async function discardUpload(box: Transport, backupId: string, uploadId: string): Promise<void> {
  const request = { backupId, chunks: [], final: false, uploadId, abort: true };
  await box.call(BACKUP_SERVICE, 'import-backup', [request]).then(
    () => log.info('the cancelled upload was discarded on the box'),
    () => log.warn('the box did not confirm discarding the cancelled upload; it discards it by itself after 10 minutes idle'),
  );
}
