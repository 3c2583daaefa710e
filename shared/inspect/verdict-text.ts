import type { Report } from './report';

/**
 * The words for the verdict on a backup (services/inspect/verdict.ts), the same on every screen,
 * in every command and in every notification. STATUS_TEXT (./report.ts) names the state.
 */
export const NOT_RESTORABLE_NEXT_STEP = 'On your phone, make a new backup to your box, then archive again. Keep this archive: it holds every file the box had.';

/**
 * A copy that was written (or found already there) and read back intact, of a backup that cannot
 * bring every identity back.
 */
export function notRestorableSentence(status: Report['status'], reason: string | null, how: 'archived' | 'already there' = 'archived'): string {
  const state = status === 'incomplete' ? 'incomplete' : 'damaged';
  return `${how === 'archived' ? 'Archived' : 'Already there'}, but your box's backup is ${state}: this copy cannot bring all your identities back.${reason ? ` ${reason}` : ''}`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "3 May", or "3 May 2025" when not this year. */
export function copyDate(iso: string, now: Date): string {
  const d = new Date(iso);
  const day = `${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}`;
  return d.getUTCFullYear() === now.getUTCFullYear() ? day : `${day} ${d.getUTCFullYear()}`;
}

export interface ShrinkFacts {
  /** How many identities fewer (key files or DID documents, whichever shrank more). */
  fewer: number;
  /** The copy compared with had the bundle; this one does not. */
  bundleLost: boolean;
  /** createdAt of the newest complete copy compared with. */
  since: string;
}

export function shrinkSentence(facts: ShrinkFacts, now: Date): string {
  const when = copyDate(facts.since, now);
  if (facts.bundleLost) return `Your box's backup has no encrypted bundle, unlike your copy of ${when}.`;
  return `Your box's backup has ${facts.fewer} fewer ${facts.fewer === 1 ? 'identity' : 'identities'} than your copy of ${when}.`;
}

export const SHRINK_NEXT_STEP = 'If you did not remove identities on purpose, make a new backup on your phone. Your copy with more identities is kept.';
