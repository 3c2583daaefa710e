import { MAX_MESSAGE_JSON } from '../../../shared/box-protocol';
import type { PlannedCall } from './import-plan';

/**
 * Upload pacing. A call's progress is known only when the box answers it, and a call that takes
 * half a minute on a slow link looks frozen and delays a cancel. So the upload is planned in small
 * calls (UNIT of content each) and, as the measured speed allows, consecutive small calls are sent
 * together as one, so that each takes about TARGET_SECONDS: on a fast box the upload needs as few
 * calls as before; on a slow one progress moves every few seconds.
 */
export const UNIT = 4096;
const TARGET_SECONDS = 2;

const contentOf = (call: PlannedCall) => call.slices.reduce((sum, s) => sum + s.length, 0);

/** How many small calls fit in one call of the unpaced plan (the message size limit). */
export function mostPerCall(unpaced: PlannedCall[]): number {
  const largest = Math.max(0, ...unpaced.map(contentOf));
  // 5% room: merged calls carry more (shorter) slices, each with its own JSON fields.
  return Math.max(1, Math.floor((largest * 0.95) / UNIT));
}

/** How many small calls the next call should carry, from the speed measured so far (bytes/s, null before the first answer). */
export function callsToMerge(rate: number | null, listBytes: number, most: number): number {
  if (rate === null) return 1;
  return Math.max(1, Math.min(most, Math.floor((rate * TARGET_SECONDS - listBytes) / UNIT)));
}

/** A slice's share of the message: its base64 content and its own JSON fields. */
const sliceChars = (s: { path: string; length: number }) => Math.ceil(s.length / 3) * 4 + s.path.length + 60;
/** The request's own fields (servicePath, method, backupId, uploadId, flags) with margin. */
const REQUEST_CHARS = 600;

/**
 * Merges up to `count` small calls starting at `from` into one, never past the message limit
 * (counted slice by slice: many small files cost more than their content). A call that carries
 * (part of) a long file list sent once is never merged with others.
 */
export function mergeCalls(
  calls: PlannedCall[],
  from: number,
  count: number,
  needsListOnce: boolean,
  listChars: number,
): { call: PlannedCall; next: number } {
  const first = calls[from]!;
  const listOnce = (c: PlannedCall) => c.moreFiles === true || (needsListOnce && c.files !== undefined);
  if (listOnce(first)) return { call: first, next: from + 1 };
  const slices = [...first.slices];
  let size = REQUEST_CHARS + (first.files ? listChars : 0) + first.slices.reduce((sum, s) => sum + sliceChars(s), 0);
  let next = from + 1;
  while (next < calls.length && next - from < count && !listOnce(calls[next]!)) {
    const more = calls[next]!.slices.reduce((sum, s) => sum + sliceChars(s), 0);
    if (size + more > MAX_MESSAGE_JSON) break;
    size += more;
    slices.push(...calls[next]!.slices);
    next += 1;
  }
  return { call: { ...(first.files ? { files: first.files } : {}), slices }, next };
}
