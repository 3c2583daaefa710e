import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  BACKUP_SERVICE,
  BackupServiceAbout,
  BackupStatus,
  CHUNK_BYTES,
  ExportReply,
  HasBackup,
  IDENTITY_SERVICE,
  IdentityAbout,
  ImportReply,
  RENDEZVOUS_BANNER,
  type FileEntry,
  type ReplyMessage,
} from '../../shared/box-protocol';
import { BackupDigestReply } from '../../shared/backup-digest';
import { AppError } from '../../shared/errors';
import { redactId } from '../../shared/redact';
import { createLogger } from '../log';
import { fetchBanner } from './banner';
import { boxFault, ExportAssembler } from './export-assembly';
import type { FrameProgress } from './frames';
import { chunksOf, planImport } from './import-plan';
import { withBoxLock } from './lock';
import { createLinkEstimate, mergeCalls, mostPerCall, UNIT } from './upload-pace';
import { garbagePacer } from '../memory';
import { preloadSodium } from './native-crypto';
import { DEFAULT_TIMEOUTS, rendezvousRequest, type Timeouts } from './session';
import { normalizeBoxUrl, schemeMismatch } from './url';

const log = createLogger('box-client');

/**
 * The box client. The real rendezvous cannot take two requests at once, so every request to one
 * box goes through ONE queue per box URL in this process (the UI, automation, the CLI), and then
 * takes the box's lock, shared with every other program on this computer (./lock.ts).
 */
const queues = new Map<string, Promise<unknown>>();

function enqueue<T>(url: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(url) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(url, tail);
  void tail.then(() => {
    if (queues.get(url) === tail) queues.delete(url);
  });
  return run;
}

export interface BoxFiles {
  files: FileEntry[];
  contents: Map<string, Buffer>;
}

export type BoxDigest = BackupDigestReply | 'unknown';

export interface ExportOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number | null) => void;
  /**
   * The size the box announced before the download (its `backup-digest`), so progress has a total
   * while the first reply is still arriving: on a slow box that reply alone can take a minute. Only
   * shown, never trusted: the first reply's file list replaces it.
   */
  expectedTotal?: number | null;
}

/** Where a streamed export goes: told the file list once (first reply), then each piece in arrival order. */
export interface ExportSink {
  begin(files: FileEntry[]): Promise<void>;
  /** The next bytes of file `index` of the list. */
  write(index: number, data: Buffer): Promise<void>;
}

export interface BoxClient {
  readonly url: string;
  /** GET / must answer "@identity-box/rendezvous@<version>"; returns the version. */
  checkRendezvous(signal?: AbortSignal): Promise<string>;
  identityAbout(signal?: AbortSignal): Promise<z.infer<typeof IdentityAbout>>;
  hasBackup(signal?: AbortSignal): Promise<boolean>;
  /** Throws service-missing when the backup-service is not installed on the box. */
  backupServiceAbout(signal?: AbortSignal): Promise<z.infer<typeof BackupServiceAbout>>;
  backupStatus(signal?: AbortSignal): Promise<z.infer<typeof BackupStatus>>;
  /** The digest of one backup's file list (shared/backup-digest.ts); 'unknown' from a service older than the method. */
  backupDigest(backupId: string, signal?: AbortSignal): Promise<BoxDigest>;
  /** Downloads a whole backup folder; every file is checked against its size and sha256. */
  /** Progress is in file bytes; total is null until the box's first reply lists the files. */
  exportBackup(backupId: string, options?: ExportOptions): Promise<BoxFiles>;
  /**
   * The same download, handing each piece to `sink` as it arrives instead of keeping the backup in
   * memory; every file is checked against its size and sha256 before this resolves.
   */
  exportBackupInto(backupId: string, sink: ExportSink, options?: ExportOptions): Promise<FileEntry[]>;
  /** Uploads a backup folder; the box commits it atomically on the final call. */
  importBackup(
    backupId: string,
    files: Map<string, Buffer>,
    options?: { replace?: boolean; signal?: AbortSignal; onProgress?: (done: number, total: number) => void },
  ): Promise<{ written: number; unchanged: boolean }>;
}

function versionAtLeast(version: string, major: number, minor: number): boolean {
  const [a = 0, b = 0] = version.split('.').map((n) => Number.parseInt(n, 10) || 0);
  return a > major || (a === major && b >= minor);
}

/** What a first export reply carries besides content (file list, envelope fields), in content bytes. */
const REPLY_OVERHEAD = 1000;

/** A backup larger than this is opened with libsodium (its load, some 20 ms, pays off). */
const NATIVE_CRYPTO_FROM = 4 * 1024 * 1024;
/** A large export collects garbage after each this many bytes of content (about 20 replies). */
const PULL_GC_BYTES = 6 * 1024 * 1024;

/** How long a cancel waits for the box to answer a commit that was already sent. */
const COMMIT_GRACE_MS = 3_000;
export const COMMIT_UNCONFIRMED =
  'Cancelled while the box was saving the backup: it did not confirm in time, so it may hold either the old or the new copy. Restore again to be sure.';

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export interface BoxClientOptions {
  /** Called when another program on this computer is using the box and this request waits. */
  onWaiting?: () => void;
  /** Longest wait for another program, per request (default: a few minutes). */
  maxLockWaitMs?: number;
}

export function createBoxClient(input: string, timeouts: Partial<Timeouts> = {}, options: BoxClientOptions = {}): BoxClient {
  const url = normalizeBoxUrl(input);
  const host = new URL(url).host;
  const t: Timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };

  function call(
    servicePath: string,
    method: string,
    params: unknown[] | undefined,
    signal?: AbortSignal,
    onReplyProgress?: (progress: FrameProgress) => void,
  ): Promise<ReplyMessage> {
    const request = () =>
      rendezvousRequest(url, { servicePath, method, ...(params ? { params } : {}) }, {
        timeouts: t,
        signal,
        onReplyProgress,
        onTimeoutAfterSend: () =>
          servicePath === BACKUP_SERVICE
            ? new AppError('service-not-answering', `The box at ${host} answered but its backup service did not; it may be stopped.`)
            : new AppError('box-timeout', `The box at ${host} answered but its identity service did not finish the request in time; it may be stopped.`),
      });
    return enqueue(url, () => withBoxLock(url, request, { signal, onWaiting: options.onWaiting, maxWaitMs: options.maxLockWaitMs }));
  }

  /** Sends one request and returns params[0] of `<method>-response`, validated. */
  async function expect<S extends z.ZodType>(
    servicePath: string,
    method: string,
    params: unknown[] | undefined,
    schema: S,
    signal?: AbortSignal,
    onReplyProgress?: (progress: FrameProgress) => void,
  ): Promise<z.output<S>> {
    return unwrap(servicePath, method, await call(servicePath, method, params, signal, onReplyProgress), schema);
  }

  function unwrap<S extends z.ZodType>(servicePath: string, method: string, reply: ReplyMessage, schema: S): z.output<S> {
    if (reply.method === `${method}-error`) {
      const message = String((reply.params?.[0] as { message?: unknown } | undefined)?.message ?? '');
      if (/not registered/i.test(message)) {
        throw new AppError(
          servicePath === BACKUP_SERVICE ? 'service-missing' : 'box-error',
          servicePath === BACKUP_SERVICE
            ? `The box at ${host} does not have the Identity Box Companion backup service installed.`
            : `The box at ${host} is missing its ${servicePath} service.`,
        );
      }
      throw new AppError('box-error', `The box said: ${message.slice(0, 200) || 'an unnamed error'}.`);
    }
    if (reply.method === 'unknown-method') {
      throw new AppError('box-reply-invalid', `The box does not know "${method}"; its software may be older than this app.`);
    }
    if (reply.method !== `${method}-response`) throw new AppError('box-reply-invalid', `The box answered "${reply.method.slice(0, 60)}" to "${method}".`);
    const parsed = schema.safeParse(reply.params?.[0]);
    if (!parsed.success) throw new AppError('box-reply-invalid', `The box's answer to "${method}" was not in the expected form.`);
    return parsed.data;
  }

  async function checkRendezvous(signal?: AbortSignal): Promise<string> {
    const banner = await fetchBanner(url, { deadlineMs: t.connectMs, signal });
    if (banner.kind === 'cancelled') throw new AppError('cancelled', 'The operation was cancelled.');
    if (banner.kind === 'timeout') throw new AppError('box-timeout', `Your box at ${host} did not answer in time. Is it switched on and on the same network?`);
    if (banner.kind === 'unreachable') throw new AppError('box-unreachable', `Your box did not answer at ${host}. Is it switched on and on the same network?`);
    if (banner.kind === 'not-tls') throw await schemeMismatch(url, RENDEZVOUS_BANNER, { deadlineMs: t.connectMs, signal });
    const text = banner.text.slice(0, 200);
    if (!text.startsWith(RENDEZVOUS_BANNER)) {
      throw new AppError('box-not-rendezvous', `Something answered at ${host}, but it is not an Identity Box.`);
    }
    return text.slice(RENDEZVOUS_BANNER.length).trim();
  }

  async function exportBackup(backupId: string, options: ExportOptions = {}): Promise<BoxFiles> {
    const assembly = new ExportAssembler();
    await runExport(backupId, assembly, null, options);
    return { files: assembly.files!, contents: assembly.contents() };
  }

  async function exportBackupInto(backupId: string, sink: ExportSink, options: ExportOptions = {}): Promise<FileEntry[]> {
    const assembly = new ExportAssembler({ keep: false });
    await runExport(backupId, assembly, sink, options);
    return assembly.files!;
  }

  async function runExport(backupId: string, assembly: ExportAssembler, sink: ExportSink | null, options: ExportOptions): Promise<void> {
    // Replies of a large backup are near 1 MB each: open them with libsodium once it is loaded
    // (after the first reply, which tells the size; a small backup never loads it), and collect
    // their garbage every few megabytes (../memory.ts), so memory stays near one reply.
    const pace = garbagePacer(PULL_GC_BYTES);
    // A whole pull has a deadline that grows with its declared size, so a box that answers every
    // call in time but never finishes still ends; it is set once the file list is known.
    const deadline = new AbortController();
    const signal = options.signal ? AbortSignal.any([options.signal, deadline.signal]) : deadline.signal;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const started = Date.now();
    let cursor: string | null = null;
    // File bytes per byte on the wire: the content is base64 in JSON, base64url'd, sealed,
    // base64url'd again into the envelope JSON, base64url'd once more: (3/4)^4. Learned from each
    // finished reply, so the estimate while a reply arrives stays close.
    let dataPerWireByte = 81 / 256;
    try {
      for (;;) {
        let wire = 0;
        const received = assembly.received;
        const listed = assembly.files !== null;
        const knownTotal = listed ? assembly.total : (options.expectedTotal ?? null);
        const onReplyProgress = options.onProgress
          ? ({ received: got, length }: FrameProgress) => {
              wire = length;
              // The reply also carries the file list and the envelope's fields: about 1 KB.
              const inCall = Math.max(0, Math.floor(length * dataPerWireByte) - (listed ? 0 : REPLY_OVERHEAD));
              // Before the first reply is in, its length tells the total when it is the only one:
              // a reply well short of a full call cannot be followed by more.
              const total = knownTotal ?? (inCall < CHUNK_BYTES * 0.9 ? received + inCall : null);
              const estimate = received + Math.floor((inCall * got) / Math.max(1, length));
              // Never claim the end before the last reply is in and checked.
              options.onProgress?.(total === null ? estimate : Math.min(estimate, Math.max(received, total - 1)), total);
            }
          : undefined;
        const reply: z.output<typeof ExportReply> = await expect(
          BACKUP_SERVICE,
          'export-backup',
          [{ backupId, ...(cursor ? { cursor } : {}) }],
          ExportReply,
          signal,
          onReplyProgress,
        );
        if ('notFound' in reply) throw new AppError('backup-not-found', 'Your box has no backup for these words.');
        if (reply.backupId !== backupId) throw boxFault('it sent a different backup than the one asked for');
        const first = assembly.files === null;
        cursor = assembly.accept(reply);
        if (first) {
          const ms = t.pullBaseMs + (assembly.total / t.pullMinBytesPerSecond) * 1000 - (Date.now() - started);
          timer = setTimeout(() => deadline.abort(), Math.max(0, ms));
          if (assembly.total > NATIVE_CRYPTO_FROM) void preloadSodium();
          await sink?.begin(assembly.files!);
        }
        if (sink) for (const piece of assembly.takePieces()) await sink.write(piece.index, piece.data);
        if (wire > 0 && assembly.received > received) dataPerWireByte = (assembly.received - received) / wire;
        pace(assembly.received);
        options.onProgress?.(assembly.received, assembly.total);
        if (cursor === null) break;
      }
    } catch (err) {
      if (deadline.signal.aborted && !options.signal?.aborted) {
        throw new AppError('box-timeout', `Your box at ${host} was far too slow sending the backup (${assembly.received} of ${assembly.total} bytes in ${Math.round((Date.now() - started) / 1000)} s). Try again; if it keeps happening, restart the box.`);
      }
      throw err;
    } finally {
      if (timer) clearTimeout(timer);
    }
    assembly.checkHashes();
    log.info(`exported ${redactId(backupId)}: ${assembly.files!.length} files, ${assembly.received} bytes`);
  }

  async function importBackup(
    backupId: string,
    contents: Map<string, Buffer>,
    options: { replace?: boolean; signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {},
  ) {
    const files: FileEntry[] = [...contents.entries()]
      .map(([path, data]) => ({ path, size: data.length, sha256: sha256Hex(data) }))
      .sort((a, b) => a.path.localeCompare(b.path));
    const total = files.reduce((s, f) => s + f.size, 0);
    if (total > NATIVE_CRYPTO_FROM) void preloadSodium();
    const plan = planImport(backupId, files, { maxContent: UNIT });
    const most = mostPerCall(planImport(backupId, files).calls);
    const listChars = JSON.stringify(files).length;
    const listBytes = plan.needsListOnce ? 0 : listChars;
    if (plan.needsListOnce) {
      const about = await expect(BACKUP_SERVICE, 'about', undefined, BackupServiceAbout, options.signal);
      if (!versionAtLeast(about.version, 1, 1)) {
        throw new AppError('service-missing', `This backup has ${files.length} files, more than the backup service on your box (version ${about.version.slice(0, 20)}) can take. Install the current backup service on the box, then try again.`);
      }
    }
    // Every piece goes in a staging call; the last call only commits, and carries no data. So a
    // cancel during the transfer never races the commit: the box keeps its old copy and discards
    // the unfinished stage by itself.
    let uploadId: string | undefined;
    let sent = 0;
    const link = createLinkEstimate();
    for (let next = 0; next < plan.calls.length; ) {
      const merged = mergeCalls(plan.calls, next, link.nextCount(listBytes, most), plan.needsListOnce, listChars);
      next = merged.next;
      const call = merged.call;
      const request = {
        backupId,
        ...(call.files ? { files: call.files } : {}),
        ...(call.moreFiles ? { moreFiles: true } : {}),
        chunks: chunksOf(call, contents),
        final: false,
        ...(uploadId ? { uploadId } : {}),
        ...(options.replace ? { replace: true } : {}),
      };
      const started = Date.now();
      const reply = await expect(BACKUP_SERVICE, 'import-backup', [request], ImportReply, options.signal).catch((err: unknown) => {
        if (options.signal?.aborted && uploadId) discardUpload(backupId, uploadId);
        throw err;
      });
      if (!('uploadId' in reply)) throw new AppError('box-reply-invalid', 'The box did not start the upload.');
      uploadId = reply.uploadId;
      const content = call.slices.reduce((s, c) => s + c.length, 0);
      sent += content;
      // Content only: a file list sent with every call is part of each call's fixed cost.
      if (content > 0) link.observe(content, Math.max(1, Date.now() - started) / 1000);
      options.onProgress?.(Math.min(sent, total), total);
    }
    if (options.signal?.aborted) {
      if (uploadId) discardUpload(backupId, uploadId);
      throw new AppError('cancelled', 'The operation was cancelled.');
    }
    // The commit is short. A cancel that arrives while it is on its way waits briefly for the
    // box's answer, so the caller can say truthfully whether the box saved the backup.
    const commit = new AbortController();
    const grace = () => setTimeout(() => commit.abort(), COMMIT_GRACE_MS);
    let timer: ReturnType<typeof setTimeout> | null = null;
    const onAbort = () => (timer = grace());
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      // A short list travels in every call (service 1.0 checks it); a long one was sent once.
      const request = { backupId, ...(plan.needsListOnce ? {} : { files }), chunks: [], final: true, uploadId, ...(options.replace ? { replace: true } : {}) };
      const reply = await expect(BACKUP_SERVICE, 'import-backup', [request], ImportReply, commit.signal);
      if (!('written' in reply)) throw new AppError('box-reply-invalid', 'The box did not confirm the upload.');
      log.info(`imported ${redactId(backupId)}: ${reply.written} files`);
      return { written: reply.written, unchanged: reply.unchanged === true };
    } catch (err) {
      if (commit.signal.aborted) {
        throw new AppError('cancelled', COMMIT_UNCONFIRMED);
      }
      throw err;
    } finally {
      options.signal?.removeEventListener('abort', onAbort);
      if (timer) clearTimeout(timer);
    }
  }

  /**
   * After a cancel, asks the box to drop the unfinished stage at once (it would otherwise drop it
   * after 10 minutes), so the box's folder is exactly as before. In the background, through the
   * same queue and lock, bounded in time; a failure only leaves the stage to the box's own cleanup.
   */
  function discardUpload(backupId: string, uploadId: string): void {
    const request = { backupId, chunks: [], final: false, uploadId, abort: true };
    void call(BACKUP_SERVICE, 'import-backup', [request], AbortSignal.timeout(15_000)).then(
      () => log.info('the cancelled upload was discarded on the box'),
      () => log.warn('the box did not confirm discarding the cancelled upload; it discards it by itself within 10 minutes'),
    );
  }

  /** An older backup-service answers `unknown-method`: the digest is then unknown, not an error. */
  async function backupDigest(backupId: string, signal?: AbortSignal): Promise<BoxDigest> {
    const reply = await call(BACKUP_SERVICE, 'backup-digest', [{ backupId }], signal);
    if (reply.method === 'unknown-method') return 'unknown';
    return unwrap(BACKUP_SERVICE, 'backup-digest', reply, BackupDigestReply);
  }

  return {
    url,
    checkRendezvous,
    identityAbout: (signal) => expect(IDENTITY_SERVICE, 'about', undefined, IdentityAbout, signal),
    hasBackup: async (signal) => (await expect(IDENTITY_SERVICE, 'has-backup', undefined, HasBackup, signal)).hasBackup,
    backupServiceAbout: (signal) => expect(BACKUP_SERVICE, 'about', undefined, BackupServiceAbout, signal),
    backupStatus: (signal) => expect(BACKUP_SERVICE, 'backup-status', undefined, BackupStatus, signal),
    exportBackup,
    exportBackupInto,
    importBackup,
    backupDigest,
  };
}
