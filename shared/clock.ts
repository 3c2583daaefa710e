/**
 * Dates written by a clock (an archive's creation, a check) are compared with "now" by another
 * clock, or the same one later: a clock that was ahead leaves dates in the future. Such a date is
 * never newer than now, and says nothing about how old a copy is.
 */

/** Programs on one computer may disagree by a little; beyond this a date is from a clock that was ahead. */
export const CLOCK_TOLERANCE_MS = 5 * 60 * 1000;

const ms = (t: string | number) => (typeof t === 'number' ? t : Date.parse(t));

/** The date as it may be compared: never later than now (an unreadable date counts as long ago). */
export function boundedByNow(iso: string, now: string | number): number {
  const at = Date.parse(iso);
  return Number.isNaN(at) ? 0 : Math.min(at, ms(now));
}

/** A date later than now (beyond the tolerance): written while the clock was ahead, so its age is unknown. */
export function isFromTheFuture(iso: string, now: string | number): boolean {
  const at = Date.parse(iso);
  return !Number.isNaN(at) && at > ms(now) + CLOCK_TOLERANCE_MS;
}

/** Newest first, each date bounded by now: a copy made while the clock was ahead is not "newer" than one made since. */
export const newestFirst =
  (now: string | number) =>
  (a: { createdAt: string }, b: { createdAt: string }): number =>
    boundedByNow(b.createdAt, now) - boundedByNow(a.createdAt, now) || b.createdAt.localeCompare(a.createdAt);
