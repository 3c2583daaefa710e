import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { SERVICE_LIMITS, type FileEntry } from '../../shared/box-protocol';
import { ServiceError } from './errors';

export const STAGE_PREFIX = '.import-';
/** A stage's byte ranges may fragment this far (a hostile client sending every other byte), no further. */
const MAX_RANGES = 65_536;

export interface UploadLimits {
  files: number;
  bytes: number;
  unfinishedUploads: number;
  stagingBytes: number;
  idleMs: number;
}

/** One unfinished upload, as the service tracks it in memory (a restart discards every stage). */
export interface Upload {
  id: string;
  backupId: string;
  stage: string;
  files: FileEntry[];
  byPath: Map<string, FileEntry>;
  /** The client said more of the file list follows (`moreFiles`). */
  declaring: boolean;
  declaredBytes: number;
  /** Per file, the byte ranges received so far, sorted and merged: [start, end). */
  ranges: Map<string, [number, number][]>;
  rangeCount: number;
  lastCall: number;
}

/**
 * The unfinished uploads of one service and its own limits (formatVersion 2): at most `files` and
 * `bytes` declared per upload, `unfinishedUploads` at once, `stagingBytes` declared by all of them
 * together. Each is checked at the call that would break it, before anything is written. An
 * upload expires after `idleMs` without a call for it (idle time, tracked here, not the stage
 * folder's mtime, which a long upload writing into existing files never changes).
 */
export function createUploads(root: string, limits: UploadLimits, now: () => number, log: (line: string) => void) {
  const uploads = new Map<string, Upload>();

  const stagingBytes = () => [...uploads.values()].reduce((sum, u) => sum + u.declaredBytes, 0);

  async function discard(upload: Upload, why: string): Promise<void> {
    uploads.delete(upload.id);
    await rm(upload.stage, { recursive: true, force: true });
    log(why);
  }

  /** Drops every upload idle for `idleMs` or more. Called on every request. */
  async function expireIdle(): Promise<void> {
    for (const upload of [...uploads.values()]) {
      if (now() - upload.lastCall >= limits.idleMs) await discard(upload, `discarded an unfinished upload idle for ${Math.round(limits.idleMs / 60_000)} minutes or more`);
    }
  }

  /** At start nothing is unfinished: every stage folder left by an earlier run is stale. */
  async function clearStale(): Promise<void> {
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || !entry.name.startsWith(STAGE_PREFIX) || uploads.has(entry.name.slice(STAGE_PREFIX.length))) continue;
      await rm(join(root, entry.name), { recursive: true, force: true });
      log('discarded an unfinished upload left by an earlier run');
    }
  }

  /** Adds part of a file list to an upload (new or not), refusing it if a limit would break. */
  function declare(upload: Upload, files: FileEntry[], more: boolean, isNew: boolean): void {
    const count = upload.files.length + files.length;
    if (count > limits.files) throw new ServiceError(`too many files: an upload may list at most ${limits.files}`);
    const bytes = files.reduce((sum, f) => sum + f.size, 0);
    if (upload.declaredBytes + bytes > limits.bytes) throw new ServiceError(`too large: an upload may declare at most ${Math.round(limits.bytes / 1024 / 1024)} MiB`);
    if (isNew && uploads.size >= limits.unfinishedUploads) {
      throw new ServiceError(`the box already has ${uploads.size} unfinished uploads; try again when they have finished or in ${Math.round(limits.idleMs / 60_000)} minutes`);
    }
    if (stagingBytes() + bytes > limits.stagingBytes) throw new ServiceError('the box is already receiving as much as it can stage; try again in a few minutes');
    for (const f of files) {
      if (upload.byPath.has(f.path)) throw new ServiceError('duplicate paths in the file list');
      upload.byPath.set(f.path, f);
      upload.ranges.set(f.path, []);
    }
    upload.files = [...upload.files, ...files];
    upload.declaredBytes += bytes;
    upload.declaring = more;
  }

  function start(id: string, backupId: string, stage: string, files: FileEntry[], more: boolean): Upload {
    const upload: Upload = { id, backupId, stage, files: [], byPath: new Map(), declaring: more, declaredBytes: 0, ranges: new Map(), rangeCount: 0, lastCall: now() };
    declare(upload, files, more, true);
    uploads.set(id, upload);
    return upload;
  }

  function get(id: string, backupId: string): Upload {
    const upload = uploads.get(id);
    if (!upload) throw new ServiceError('unknown or expired upload');
    if (upload.backupId !== backupId) throw new ServiceError('the file list changed during the upload');
    upload.lastCall = now();
    return upload;
  }

  /** Counts bytes [offset, offset + length) of a file as arrived (a resent slice counts once). */
  function received(upload: Upload, path: string, offset: number, length: number): void {
    if (length === 0) return;
    const list = upload.ranges.get(path)!;
    let start = offset;
    let end = offset + length;
    const kept: [number, number][] = [];
    for (const [a, b] of list) {
      if (b < start || a > end) kept.push([a, b]);
      else {
        start = Math.min(start, a);
        end = Math.max(end, b);
      }
    }
    kept.push([start, end]);
    kept.sort((x, y) => x[0] - y[0]);
    upload.rangeCount += kept.length - list.length;
    if (upload.rangeCount > MAX_RANGES) throw new ServiceError('the upload arrived in too many scattered pieces');
    upload.ranges.set(path, kept);
  }

  /** The first file not received whole (a hole), or null: checked before anything is hashed. */
  function firstHole(upload: Upload): string | null {
    for (const f of upload.files) {
      const list = upload.ranges.get(f.path)!;
      const covered = list.length === 0 ? 0 : list.length === 1 && list[0]![0] === 0 ? list[0]![1] : -1;
      if (covered !== f.size) return f.path;
    }
    return null;
  }

  return {
    start,
    get,
    declare: (upload: Upload, files: FileEntry[], more: boolean) => declare(upload, files, more, false),
    received,
    firstHole,
    expireIdle,
    clearStale,
    discard,
    finished: (upload: Upload) => uploads.delete(upload.id),
    has: (id: string) => uploads.has(id),
    count: () => uploads.size,
  };
}

export type Uploads = ReturnType<typeof createUploads>;

export function limitsFrom(options: Partial<UploadLimits>): UploadLimits {
  return {
    files: options.files ?? SERVICE_LIMITS.files,
    bytes: options.bytes ?? SERVICE_LIMITS.bytes,
    unfinishedUploads: options.unfinishedUploads ?? SERVICE_LIMITS.unfinishedUploads,
    stagingBytes: options.stagingBytes ?? SERVICE_LIMITS.stagingBytes,
    idleMs: options.idleMs ?? SERVICE_LIMITS.idleMs,
  };
}
