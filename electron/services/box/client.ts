import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  BACKUP_SERVICE,
  BackupServiceAbout,
  BackupStatus,
  ExportReply,
  HasBackup,
  IDENTITY_SERVICE,
  IdentityAbout,
  ImportReply,
  RENDEZVOUS_BANNER,
  type FileEntry,
  type ReplyMessage,
} from '../../../shared/box-protocol';
import { BackupDigestReply } from '../../../shared/backup-digest';
import { AppError } from '../../../shared/errors';
import { redactId } from '../../../shared/redact';
import { createLogger } from '../log';
import { chunksOf, planImport } from './import-plan';
import { DEFAULT_TIMEOUTS, rendezvousRequest, type Timeouts } from './session';
import { normalizeBoxUrl } from './url';

const log = createLogger('box-client');

/**
 * The box client. Every request to one box goes through ONE queue per box URL, shared by the UI,
 * automation and the CLI in this process: overlapping requests can crash the real rendezvous.
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
  exportBackup(backupId: string, options?: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void }): Promise<BoxFiles>;
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

export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function createBoxClient(input: string, timeouts: Partial<Timeouts> = {}): BoxClient {
  const url = normalizeBoxUrl(input);
  const host = new URL(url).host;
  const t: Timeouts = { ...DEFAULT_TIMEOUTS, ...timeouts };

  function call(servicePath: string, method: string, params: unknown[] | undefined, signal?: AbortSignal): Promise<ReplyMessage> {
    return enqueue(url, () =>
      rendezvousRequest(url, { servicePath, method, ...(params ? { params } : {}) }, {
        timeouts: t,
        signal,
        onTimeoutAfterSend: () =>
          servicePath === BACKUP_SERVICE
            ? new AppError('service-not-answering', `The box at ${host} answered but its backup service did not; it may be stopped.`)
            : new AppError('box-timeout', `The box at ${host} answered but did not finish the request in time.`),
      }),
    );
  }

  /** Sends one request and returns params[0] of `<method>-response`, validated. */
  async function expect<S extends z.ZodType>(servicePath: string, method: string, params: unknown[] | undefined, schema: S, signal?: AbortSignal): Promise<z.output<S>> {
    return unwrap(servicePath, method, await call(servicePath, method, params, signal), schema);
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
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), t.connectMs);
    signal?.addEventListener('abort', () => controller.abort(), { once: true });
    let text: string;
    try {
      const res = await fetch(`${url}/`, { signal: controller.signal, redirect: 'error' });
      text = (await res.text()).slice(0, 200);
    } catch {
      if (signal?.aborted) throw new AppError('cancelled', 'The operation was cancelled.');
      if (controller.signal.aborted) throw new AppError('box-timeout', `Your box at ${host} did not answer in time. Is it switched on and on the same network?`);
      throw new AppError('box-unreachable', `Your box did not answer at ${host}. Is it switched on and on the same network?`);
    } finally {
      clearTimeout(timer);
    }
    if (!text.startsWith(RENDEZVOUS_BANNER)) {
      throw new AppError('box-not-rendezvous', `Something answered at ${host}, but it is not an Identity Box.`);
    }
    return text.slice(RENDEZVOUS_BANNER.length).trim();
  }

  async function exportBackup(backupId: string, options: { signal?: AbortSignal; onProgress?: (done: number, total: number) => void } = {}): Promise<BoxFiles> {
    const buffers = new Map<string, Buffer>();
    let files: FileEntry[] | null = null;
    let cursor: string | null = null;
    let received = 0;
    for (let calls = 0; ; calls++) {
      if (calls > 100_000) throw new AppError('box-reply-invalid', 'The box kept sending more data than a backup can hold.');
      const reply: z.output<typeof ExportReply> = await expect(BACKUP_SERVICE, 'export-backup', [{ backupId, ...(cursor ? { cursor } : {}) }], ExportReply, options.signal);
      if ('notFound' in reply) throw new AppError('backup-not-found', 'Your box has no backup for these words.');
      if (reply.backupId !== backupId) throw new AppError('box-reply-invalid', 'The box sent a different backup than the one asked for.');
      if (!files) {
        files = reply.files;
        for (const f of files) buffers.set(f.path, Buffer.alloc(f.size));
      } else if (JSON.stringify(files) !== JSON.stringify(reply.files)) {
        throw new AppError('box-connection-lost', 'The backup changed on the box while it was being copied (the phone may have just made a new one). Try again.');
      }
      const total = files.reduce((sum, f) => sum + f.size, 0);
      for (const chunk of reply.chunks) {
        const target = buffers.get(chunk.path);
        const data = Buffer.from(chunk.contentBase64, 'base64');
        if (!target || chunk.offset + data.length > target.length) throw new AppError('box-reply-invalid', 'The box sent a piece of a file that does not fit.');
        data.copy(target, chunk.offset);
        received += data.length;
      }
      options.onProgress?.(Math.min(received, total), total);
      if (reply.next === null) break;
      cursor = reply.next;
    }
    for (const f of files) {
      const data = buffers.get(f.path)!;
      if (data.length !== f.size || sha256Hex(data) !== f.sha256) {
        throw new AppError('box-reply-invalid', `The file ${f.path} did not arrive intact. Nothing was written; try again.`);
      }
    }
    log.info(`exported ${redactId(backupId)}: ${files.length} files, ${received} bytes`);
    return { files, contents: buffers };
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
    const plan = planImport(backupId, files);
    if (plan.needsListOnce) {
      const about = await expect(BACKUP_SERVICE, 'about', undefined, BackupServiceAbout, options.signal);
      if (!versionAtLeast(about.version, 1, 1)) {
        throw new AppError('service-missing', `This backup has ${files.length} files, more than the backup service on your box (version ${about.version.slice(0, 20)}) can take. Install the current backup service on the box, then try again.`);
      }
    }
    let uploadId: string | undefined;
    let sent = 0;
    for (let i = 0; i < plan.calls.length; i++) {
      const final = i === plan.calls.length - 1;
      const call = plan.calls[i]!;
      const chunks = chunksOf(call, contents);
      const request = {
        backupId,
        ...(call.files ? { files: call.files } : {}),
        ...(call.moreFiles ? { moreFiles: true } : {}),
        chunks,
        final,
        ...(uploadId ? { uploadId } : {}),
        ...(options.replace ? { replace: true } : {}),
      };
      const reply = await expect(BACKUP_SERVICE, 'import-backup', [request], ImportReply, options.signal);
      sent += call.slices.reduce((s, c) => s + c.length, 0);
      options.onProgress?.(Math.min(sent, total), total);
      if (!final) {
        if (!('uploadId' in reply)) throw new AppError('box-reply-invalid', 'The box did not start the upload.');
        uploadId = reply.uploadId;
      } else {
        if (!('written' in reply)) throw new AppError('box-reply-invalid', 'The box did not confirm the upload.');
        log.info(`imported ${redactId(backupId)}: ${reply.written} files`);
        return { written: reply.written, unchanged: reply.unchanged === true };
      }
    }
    throw new AppError('internal', 'The upload plan was empty.');
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
    importBackup,
    backupDigest,
  };
}
