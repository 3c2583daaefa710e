import { createHash } from 'node:crypto';
import { CHUNK_BYTES, MAX_MESSAGE_JSON, type Chunk, type FileEntry } from '../../shared/box-protocol';

/** One planned import-backup call: which part of the list it carries and which slices of files. */
export interface PlannedCall {
  files?: FileEntry[];
  moreFiles?: true;
  slices: { path: string; offset: number; length: number }[];
}

/** A file list up to this share of a message travels whole in every call, as every service version accepts. */
const LIST_IN_EVERY_CALL = MAX_MESSAGE_JSON / 4;
/** The longest optional fields of a request (uploadId, final, replace, moreFiles) with margin. */
const FIELDS_ROOM = 200;
const MIN_SLICE = 4096;

/**
 * What a value adds to a message, in UTF-8 bytes: the envelope seals the bytes, and a legacy key
 * file named after a display name (山田 太郎.pem) takes up to 4 bytes per character.
 */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value), 'utf8');
const jsonLength = jsonBytes;

/**
 * Plans the calls of one upload so that every WHOLE request message, file list included, stays
 * under MAX_MESSAGE_JSON (identity-box.md §5a: 1,000+ files repeated in every call exceeded the
 * rendezvous's 1 MB). A short list goes in every call (compatible with service 1.0); a long one
 * is sent once, split with `moreFiles` where needed (`needsListOnce` tells the caller so it can
 * check the service is 1.1 or newer).
 */
export function planImport(backupId: string, files: FileEntry[], options: { maxContent?: number } = {}): { calls: PlannedCall[]; needsListOnce: boolean } {
  // At most this much file content per call (the caller merges small calls again on a fast link).
  const maxContent = options.maxContent ?? Number.POSITIVE_INFINITY;
  let content = 0;
  const request = (extra: object) => jsonLength({ servicePath: 'identity-box.backup-service', method: 'import-backup', params: [{ backupId, chunks: [], ...extra }] }) + FIELDS_ROOM;
  const listEveryCall = jsonLength(files) <= LIST_IN_EVERY_CALL;
  const calls: PlannedCall[] = [];
  let room = 0;
  let current: PlannedCall | null = null;
  const open = (call: PlannedCall) => {
    calls.push(call);
    current = call;
    content = 0;
    room = MAX_MESSAGE_JSON - request({ files: call.files ?? [] });
  };

  if (listEveryCall) open({ files, slices: [] });
  else {
    // Parts of the list, each filling a message; the last part's call starts carrying content.
    let part: FileEntry[] = [];
    let partLength = 2;
    const base = request({ files: [], moreFiles: true });
    for (const f of files) {
      const entry = jsonLength(f) + 1;
      if (part.length && base + partLength + entry > MAX_MESSAGE_JSON) {
        calls.push({ files: part, moreFiles: true, slices: [] });
        part = [];
        partLength = 2;
      }
      part.push(f);
      partLength += entry;
    }
    open({ files: part, slices: [] });
  }

  for (const f of files) {
    let offset = 0;
    for (;;) {
      const overhead = jsonLength({ path: f.path, offset, contentBase64: '' }) + 1;
      const fits = Math.min(Math.floor((room - overhead) / 4) * 3, maxContent - content);
      const left = f.size - offset;
      if (fits < Math.min(MIN_SLICE, left) || fits < 0) {
        open(listEveryCall ? { files, slices: [] } : { slices: [] });
        continue;
      }
      const take = Math.min(CHUNK_BYTES, fits, left);
      current!.slices.push({ path: f.path, offset, length: take });
      content += take;
      room -= overhead + Math.ceil(take / 3) * 4;
      offset += take;
      if (offset >= f.size) break;
    }
  }
  return { calls, needsListOnce: !listEveryCall };
}

/**
 * What an upload sends: the box's file list, and each slice's bytes, read only when the call that
 * carries it is sent (a restore reads them from the archive file: memory holds one call at a time).
 * A source checks what it reads against the file list and throws (an AppError) when it differs.
 */
export interface UploadSource {
  /** The box's files, sorted by path. */
  files: FileEntry[];
  read(path: string, offset: number, length: number): Promise<Uint8Array>;
}

/** A backup already in memory (a kept version put back, tests) as an upload source. */
export function contentsSource(contents: Map<string, Buffer>): UploadSource {
  const files = [...contents.entries()]
    .map(([path, data]) => ({ path, size: data.length, sha256: createHash('sha256').update(data).digest('hex') }))
    .sort((a, b) => a.path.localeCompare(b.path));
  return { files, read: async (path, offset, length) => contents.get(path)!.subarray(offset, offset + length) };
}

/** The chunks of one planned call, read from the source and encoded only when it is sent. */
export async function readChunks(call: PlannedCall, source: UploadSource): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  for (const s of call.slices) {
    const data = await source.read(s.path, s.offset, s.length);
    chunks.push({ path: s.path, offset: s.offset, contentBase64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') });
  }
  return chunks;
}

/** The chunks of one planned call, encoded only when it is sent (memory: one message at a time). */
export function chunksOf(call: PlannedCall, contents: Map<string, Uint8Array>): Chunk[] {
  return call.slices.map((s) => ({
    path: s.path,
    offset: s.offset,
    contentBase64: Buffer.from(contents.get(s.path)!.buffer, contents.get(s.path)!.byteOffset + s.offset, s.length).toString('base64'),
  }));
}
