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

/**
 * Merges up to `count` small calls starting at `from` into one. A call that carries (part of) a
 * long file list sent once is never merged with others, so no message grows past its limit.
 */
export function mergeCalls(calls: PlannedCall[], from: number, count: number, needsListOnce: boolean): { call: PlannedCall; next: number } {
  const first = calls[from]!;
  const listOnce = (c: PlannedCall) => c.moreFiles === true || (needsListOnce && c.files !== undefined);
  if (listOnce(first)) return { call: first, next: from + 1 };
  const slices = [...first.slices];
  let next = from + 1;
  while (next < calls.length && next - from < count && !listOnce(calls[next]!)) {
    slices.push(...calls[next]!.slices);
    next += 1;
  }
  return { call: { ...(first.files ? { files: first.files } : {}), slices }, next };
}
