import type { z } from 'zod';
import { BACKUP_FORMAT_VERSION, BACKUP_SERVICE, CHUNK_BYTES, ExportReply, type FileEntry } from '../../shared/box-protocol';
import { AppError } from '../../shared/errors';
import { redactId } from '../../shared/redact';
import { createLogger } from '../log';
import { garbagePacer } from '../memory';
import { boxFault, type ExportAssembler } from './export-assembly';
import type { FrameProgress } from './frames';
import { preloadSodium } from './native-crypto';
import type { Transport } from './transport';

const log = createLogger('box-client');

/** Kept copies need backup-service 1.2 (formatVersion 2); an older one would send the current copy. */
export const oldService = (version: string) =>
  new AppError('service-missing', `The backup service on your box (version ${version.slice(0, 20)}) keeps no replaced copies. Install the current backup service on the box, then try again.`);

export interface ExportOptions {
  signal?: AbortSignal;
  onProgress?: (done: number, total: number | null) => void;
  /**
   * The size the box announced before the download (its `backup-digest`), so progress has a total
   * while the first reply is still arriving: on a slow box that reply alone can take a minute. Only
   * shown, never trusted: the first reply's file list replaces it.
   */
  expectedTotal?: number | null;
  /** A kept (replaced) copy instead of the current one (formatVersion 2; the caller checks the service has it). */
  version?: number;
}

/** Where a streamed export goes: told the file list once (first reply), then each piece in arrival order. */
export interface ExportSink {
  begin(files: FileEntry[]): Promise<void>;
  /** The next bytes of file `index` of the list. */
  write(index: number, data: Buffer): Promise<void>;
}

/** What a first export reply carries besides content (file list, envelope fields), in content bytes. */
const REPLY_OVERHEAD = 1000;
/** A backup larger than this is opened with libsodium (its load, some 20 ms, pays off). */
export const NATIVE_CRYPTO_FROM = 4 * 1024 * 1024;
/** A large export collects garbage after each this many bytes of content (about 20 replies). */
const PULL_GC_BYTES = 6 * 1024 * 1024;

/**
 * Downloads one backup (or a kept version) with export-backup, reply by reply, into `assembly`
 * (and `sink` when streaming); every file is checked against its size and sha256 at the end.
 */
export async function runExport(box: Transport, backupId: string, assembly: ExportAssembler, sink: ExportSink | null, options: ExportOptions): Promise<void> {
  const { t, host } = box;
  // A short `about` first: a stopped service is known in seconds, not after the long reply wait.
  const about = await box.backupServiceAbout(options.signal);
  if (options.version && about.formatVersion < 2) throw oldService(about.version);
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
      // formatVersion 2: the file list comes in the first reply only (a 1.x service ignores the field).
      const reply: z.output<typeof ExportReply> = await box.expect(
        BACKUP_SERVICE,
        'export-backup',
        [{ backupId, ...(cursor ? { cursor } : {}), ...(options.version ? { version: options.version } : {}), formatVersion: BACKUP_FORMAT_VERSION }],
        ExportReply,
        { signal, onReplyProgress },
      );
      if ('notFound' in reply) {
        throw options.version
          ? new AppError('backup-not-found', `Your box no longer keeps version ${options.version} of this backup.`)
          : new AppError('backup-not-found', 'Your box has no backup for these words.');
      }
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
