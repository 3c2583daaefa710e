import { createHash, type Hash } from 'node:crypto';
import { BACKUP_LIMITS, type Chunk, type FileEntry } from '../../shared/box-protocol';
import { AppError } from '../../shared/errors';

/** The box is at fault: its own code (exit status 5) and a sentence that clears the stick and the computer. */
export const boxFault = (what: string) =>
  new AppError('box-reply-invalid', `Your box sent a backup that does not add up (${what}). Nothing was written; your stick is fine. Try again, and if it keeps happening, restart the box.`);

/**
 * Padded standard base64 (RFC 4648 §4) to bytes, or null for anything else. Node's decoder skips
 * characters outside the alphabet (the length then comes out short) and also takes base64url's
 * '-' and '_': both are refused here, without a regular expression over hundreds of kilobytes.
 */
export function decodeStrictBase64(text: string): Buffer | null {
  if (text.length % 4 !== 0) return null;
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const data = Buffer.from(text, 'base64');
  if (data.length !== (text.length / 4) * 3 - padding || text.includes('-') || text.includes('_')) return null;
  return data;
}

interface Reply {
  /** Omitted after the first reply when both sides speak formatVersion 2 (list-once export). */
  files?: FileEntry[];
  chunks: Chunk[];
  next: string | null;
}

/**
 * Puts a backup together from export-backup replies, trusting nothing the box declares:
 * - the file list is checked (no file twice, bounded count and total) before anything is kept;
 * - memory grows only with bytes actually received, never with what the list declares;
 * - every byte of every file arrives exactly once, in order (no gap, overlap, repeat or excess);
 * - a cursor seen before, or a reply that brings nothing new, ends the pull;
 * - every file is hashed as it arrives and checked against its sha256 at the end (checkHashes).
 * With `keep: false` it keeps no content: each reply's pieces are handed out by takePieces()
 * (to be written to an archive as they come).
 */
export class ExportAssembler {
  files: FileEntry[] | null = null;
  total = 0;
  received = 0;
  private listText = '';
  private readonly keep: boolean;
  private pieces: { index: number; data: Buffer }[] = [];
  private readonly indexOf = new Map<string, number>();
  private readonly hashes = new Map<string, Hash>();
  private readonly parts = new Map<string, Buffer[]>();
  private readonly got = new Map<string, number>();
  private readonly cursors = new Set<string>();
  private readonly byPath = new Map<string, FileEntry>();
  private readonly emptySeen = new Set<string>();
  private idle = 0;

  constructor(options: { keep?: boolean } = {}) {
    this.keep = options.keep ?? true;
  }

  /** Takes one reply; returns the cursor for the next call, or null when the box says it is done. */
  accept(reply: Reply): string | null {
    if (!this.files) {
      if (!reply.files) throw boxFault('its first answer did not list the files');
      this.setFiles(reply.files);
    } else if (reply.files && JSON.stringify(reply.files) !== this.listText) {
      throw new AppError('box-connection-lost', 'The backup changed on the box while it was being copied (the phone may have just made a new one). Try again.');
    }
    const before = this.received;
    for (const chunk of reply.chunks) this.take(chunk);
    if (reply.next === null) {
      if (this.received !== this.total) throw boxFault(`it stopped after ${this.received} of ${this.total} bytes`);
      return null;
    }
    if (this.cursors.has(reply.next)) throw boxFault('it asked to continue from a place it had already sent');
    this.cursors.add(reply.next);
    if (this.complete()) throw boxFault('it kept going after sending every byte');
    // A reply may bring no bytes now and then; a run of them is a box going round in circles.
    this.idle = this.received === before ? this.idle + 1 : 0;
    if (this.idle > 3) throw boxFault('it kept answering without sending anything');
    return reply.next;
  }

  private setFiles(files: FileEntry[]): void {
    const paths = new Set(files.map((f) => f.path));
    if (paths.size !== files.length) throw boxFault('it listed the same file twice');
    if (files.length > BACKUP_LIMITS.files) throw boxFault(`it listed ${files.length} files`);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    if (total > BACKUP_LIMITS.totalBytes) throw boxFault(`it listed ${Math.round(total / 1024 / 1024)} MB, far more than a backup holds`);
    this.files = files;
    this.total = total;
    this.listText = JSON.stringify(files);
    files.forEach((f, index) => {
      this.indexOf.set(f.path, index);
      this.hashes.set(f.path, createHash('sha256'));
      this.byPath.set(f.path, f);
      this.parts.set(f.path, []);
      this.got.set(f.path, 0);
    });
  }

  private take(chunk: Chunk): void {
    const file = this.byPath.get(chunk.path);
    if (!file) throw boxFault('it sent a piece of a file it did not list');
    const data = decodeStrictBase64(chunk.contentBase64);
    if (!data) throw boxFault('a piece was not valid base64');
    const got = this.got.get(file.path)!;
    if (chunk.offset !== got) throw boxFault(chunk.offset < got ? 'it sent part of a file twice' : 'it skipped part of a file');
    if (data.length === 0) {
      // An empty file travels as one empty piece; any other empty piece is a box going nowhere.
      if (file.size !== 0 || this.emptySeen.has(file.path)) throw boxFault('it sent an empty piece');
      this.emptySeen.add(file.path);
      return;
    }
    if (got + data.length > file.size) throw boxFault('it sent more of a file than it declared');
    this.hashes.get(file.path)!.update(data);
    if (this.keep) this.parts.get(file.path)!.push(data);
    else this.pieces.push({ index: this.indexOf.get(file.path)!, data });
    this.got.set(file.path, got + data.length);
    this.received += data.length;
  }

  private complete(): boolean {
    return this.files!.every((f) => this.got.get(f.path) === f.size && (f.size > 0 || this.emptySeen.has(f.path)));
  }

  /** The pieces accepted since the last call, in the order they came (with `keep: false`). */
  takePieces(): { index: number; data: Buffer }[] {
    const out = this.pieces;
    this.pieces = [];
    return out;
  }

  /** Once every byte has arrived: each file against the sha256 its list declared. */
  checkHashes(): void {
    for (const f of this.files ?? []) {
      if (this.hashes.get(f.path)!.digest('hex') !== f.sha256) throw boxFault(`${f.path} did not match its checksum`);
    }
  }

  /** Every file's bytes, once all have arrived (with `keep`, the default). */
  contents(): Map<string, Buffer> {
    const out = new Map<string, Buffer>();
    for (const f of this.files ?? []) {
      const data = Buffer.concat(this.parts.get(f.path)!);
      if (data.length !== f.size) throw boxFault(`${f.path} arrived incomplete`);
      out.set(f.path, data);
    }
    return out;
  }
}
