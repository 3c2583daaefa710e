import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { CHUNK_BYTES, MAX_MESSAGE_JSON, type Chunk, type FileEntry } from '../../shared/box-protocol';
import { stampOf, type createDescriber, type DescribedFile } from './files';
import { ServiceError } from './errors';

/** `d`: a fingerprint of the file list the first reply sent, so a list sent once still holds. */
const Cursor = z.object({ i: z.number().int().nonnegative(), o: z.number().int().nonnegative(), d: z.string().max(32).optional() });
const CURSOR_MAX = 200;
/** Less room than this for content after the file list: the list alone is too long to page. */
const MIN_CONTENT_ROOM = 16 * 1024;

export function parseCursor(text: string | null | undefined): { i: number; o: number; d?: string } {
  if (!text) return { i: 0, o: 0 };
  try {
    return Cursor.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new ServiceError('invalid cursor');
  }
}

const fingerprint = (files: FileEntry[]) => createHash('sha256').update(JSON.stringify(files)).digest('base64url').slice(0, 16);

interface Listing {
  described: DescribedFile[];
  files: FileEntry[];
  print: string;
}

/** The folder's own times: a file added, removed or renamed changes them. */
function folderStamp(folder: string): string | null {
  try {
    const a = statSync(folder);
    const b = statSync(join(folder, 'did-docs'), { throwIfNoEntry: false });
    return `${a.mtimeMs}:${a.ctimeMs}:${b?.mtimeMs ?? '-'}:${b?.ctimeMs ?? '-'}`;
  } catch {
    return null;
  }
}

/** The listing a download's first reply made, per folder, for its later replies. */
const listings = new Map<string, { stamp: string; listing: Listing }>();
const MAX_LISTINGS = 16;

/**
 * The first reply of a download describes the folder (every file stat'ed, hashed when changed). A
 * later reply reuses that description while no file was added or removed (the folder's times) and
 * its list is the one the client holds (the cursor's fingerprint): a file changed in place is still
 * caught, by the stamp check of each file as it is read (readSlice). A backup of 2,400 files then
 * costs one pass of 2,400 stats per download, not one per reply.
 */
async function describeForPage(describer: ReturnType<typeof createDescriber>, folder: string, printWanted: string | undefined): Promise<Listing> {
  const stamp = folderStamp(folder);
  const kept = listings.get(folder);
  if (printWanted !== undefined && stamp !== null && kept?.stamp === stamp && kept.listing.print === printWanted) return kept.listing;
  const described = await describer.describe(folder);
  const files: FileEntry[] = described.map(({ path, size, sha256 }) => ({ path, size, sha256 }));
  const listing = { described, files, print: fingerprint(files) };
  if (stamp !== null) {
    listings.delete(folder);
    listings.set(folder, { stamp, listing });
    if (listings.size > MAX_LISTINGS) listings.delete(listings.keys().next().value!);
  }
  return listing;
}

/**
 * One export-backup reply: the file list (only in the first reply when `listOnce`: the client speaks
 * formatVersion 2), then as many chunks (each at most CHUNK_BYTES of
 * content) as keep the WHOLE reply message under MAX_MESSAGE_JSON. Reads only the slices sent,
 * with positioned reads, so memory is one message whatever the backup's size.
 */
export async function exportPage(
  describer: ReturnType<typeof createDescriber>,
  folder: string,
  backupId: string,
  cursorText: string | null | undefined,
  listOnce = false,
): Promise<{ backupId: string; files?: FileEntry[]; chunks: Chunk[]; next: string | null }> {
  const cursor = parseCursor(cursorText);
  const { described, files, print } = await describeForPage(describer, folder, cursor.d);
  let { i, o } = cursor;
  if (i > files.length || (i < files.length && o > files[i]!.size) || (i === files.length && o !== 0)) throw new ServiceError('invalid cursor');
  // The list the client holds is the one of the first reply: a different one now means the backup changed.
  if (cursor.d !== undefined && cursor.d !== print) throw new ServiceError('the backup changed while it was being read; ask again');
  const sendList = !listOnce || !cursorText;

  // Everything but the chunks, as the reply message will serialize it, with the longest cursor.
  const frame = JSON.stringify({ method: 'export-backup-response', params: [{ backupId, ...(sendList ? { files } : {}), chunks: [], next: 'x'.repeat(CURSOR_MAX) }] }).length;
  let room = MAX_MESSAGE_JSON - frame;
  if (room < MIN_CONTENT_ROOM && i < files.length) throw new ServiceError('this backup lists too many files to send in one message');

  const chunks: Chunk[] = [];
  while (i < files.length) {
    const file: DescribedFile = described[i]!;
    const overhead = JSON.stringify({ path: file.path, offset: o, contentBase64: '' }).length + 1;
    const fits = Math.floor((room - overhead) / 4) * 3;
    const take = Math.min(CHUNK_BYTES, fits, file.size - o);
    if (take < Math.min(4096, file.size - o)) break;
    chunks.push({ path: file.path, offset: o, contentBase64: await readSlice(join(folder, file.path), file, o, take) });
    room -= overhead + Math.ceil(take / 3) * 4;
    o += take;
    if (o >= file.size) {
      i += 1;
      o = 0;
    }
  }
  const next = i < files.length ? Buffer.from(JSON.stringify({ i, o, d: print })).toString('base64url') : null;
  return { backupId, ...(sendList ? { files } : {}), chunks, next };
}

async function readSlice(path: string, file: DescribedFile, offset: number, length: number): Promise<string> {
  // Synchronous positioned reads of at most one chunk (192 KiB): cheaper than thread-pool round trips
  // for the hundreds of small files of a backup, and the service answers one request at a time.
  const fd = openSync(path, 'r');
  try {
    // The file must still be the one described (and hashed) in this reply.
    if (stampOf(fstatSync(fd)) !== file.stamp) throw new ServiceError('the backup changed while it was being read; ask again');
    const buffer = Buffer.allocUnsafe(length);
    let got = 0;
    while (got < length) {
      const bytesRead = readSync(fd, buffer, got, length - got, offset + got);
      if (bytesRead === 0) throw new ServiceError('the backup changed while it was being read; ask again');
      got += bytesRead;
    }
    return buffer.toString('base64');
  } finally {
    closeSync(fd);
  }
}
