import { MAX_MESSAGE_JSON } from '../../shared/box-protocol';
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
/** A call never aims past this, so progress still moves and a cancel is never long in coming. */
const MAX_TARGET_SECONDS = 8;

const contentOf = (call: PlannedCall) => call.slices.reduce((sum, s) => sum + s.length, 0);

/** How many small calls fit in one call of the unpaced plan (the message size limit). */
export function mostPerCall(unpaced: PlannedCall[]): number {
  const largest = Math.max(0, ...unpaced.map(contentOf));
  // 5% room: merged calls carry more (shorter) slices, each with its own JSON fields.
  return Math.max(1, Math.floor((largest * 0.95) / UNIT));
}

/** How many small calls the next call should carry, from the speed measured so far (bytes/s, null before the first answer). */
export function callsToMerge(rate: number | null, listBytes: number, most: number, overheadSeconds = 0): number {
  if (rate === null) return 1;
  // A call costs a fixed time (a fresh session, the reply) plus its bytes: on a slow link where that
  // cost is large, calls get longer so it stays a small share (at most a quarter of each call).
  const target = Math.min(MAX_TARGET_SECONDS, Math.max(TARGET_SECONDS, 4 * overheadSeconds));
  return Math.max(1, Math.min(most, Math.floor((rate * Math.max(0.5, target - overheadSeconds) - listBytes) / UNIT)));
}

/**
 * The link as the upload measures it: each call's time is a fixed cost (a fresh session, the
 * reply) plus its bytes over the rate, t = cost + bytes / rate, fitted over the last calls. Until
 * calls of different sizes have been seen, each call carries twice the last one (while calls stay
 * short), so the fit gets what it needs; bytes over time alone counts the fixed cost against the
 * rate and kept calls small on a slow link, where that cost then took half the time.
 */
export function createLinkEstimate() {
  const seen: { bytes: number; seconds: number }[] = [];
  let lastCount = 0;

  function fit(): { rate: number; overheadSeconds: number } | null {
    const sizes = seen.map((o) => o.bytes);
    if (seen.length < 2 || Math.max(...sizes) < 1.5 * Math.min(...sizes)) return null;
    const n = seen.length;
    const meanB = sizes.reduce((s, b) => s + b, 0) / n;
    const meanT = seen.reduce((s, o) => s + o.seconds, 0) / n;
    const cov = seen.reduce((s, o) => s + (o.bytes - meanB) * (o.seconds - meanT), 0);
    const varB = seen.reduce((s, o) => s + (o.bytes - meanB) ** 2, 0);
    const slope = cov / varB; // seconds per byte
    if (!(slope > 0)) return null;
    // Never more fixed cost than most of the shortest call, never less than none.
    const shortest = Math.min(...seen.map((o) => o.seconds));
    return { rate: 1 / slope, overheadSeconds: Math.min(Math.max(0, meanT - slope * meanB), 0.8 * shortest) };
  }

  /** Bytes per second beyond the fixed cost, and that cost; from bytes over time until a fit exists. */
  function get(): { rate: number | null; overheadSeconds: number; fitted: boolean } {
    if (seen.length === 0) return { rate: null, overheadSeconds: 0, fitted: false };
    const plain = seen.reduce((s, o) => s + o.bytes, 0) / seen.reduce((s, o) => s + o.seconds, 0);
    const fitted = fit();
    return fitted ? { rate: Math.max(plain, fitted.rate), overheadSeconds: fitted.overheadSeconds, fitted: true } : { rate: plain, overheadSeconds: 0, fitted: false };
  }

  return {
    /** One answered call: its content bytes and how long it took. */
    observe(bytes: number, seconds: number): void {
      if (bytes <= 0 || !(seconds > 0)) return;
      seen.push({ bytes, seconds });
      if (seen.length > 8) seen.shift();
    },
    get,
    /** How many small calls the next call carries. */
    nextCount(listBytes: number, most: number): number {
      const { rate, overheadSeconds, fitted } = get();
      // Once fitted, a file list sent with every call is already in the fixed cost.
      let count = callsToMerge(rate, fitted ? 0 : listBytes, most, overheadSeconds);
      const last = seen.at(-1);
      if (!fitted && last && last.seconds < MAX_TARGET_SECONDS / 2) count = Math.max(count, Math.min(most, lastCount * 2));
      lastCount = count;
      return count;
    },
  };
}

/** A slice's share of the message: its base64 content and its own JSON fields. */
const sliceChars = (s: { path: string; length: number }) => Math.ceil(s.length / 3) * 4 + Buffer.byteLength(s.path, 'utf8') + 60;
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
