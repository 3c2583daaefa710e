import { formatDuration } from '../shared/units';

import type { MeasuredPace } from '../shared/pace';

export type { MeasuredPace };

/** Below this, "a few seconds" is what a person experiences. */
const FEW_SECONDS = 10;

/**
 * How long archiving a backup of `bytes` will take, from this box's last measured archive (or, else,
 * its last download): said only when it is known, never guessed. Null: say nothing.
 */
export function archiveEstimate(bytes: number | null, pace: { archive: MeasuredPace | null; download: MeasuredPace | null } | null): string | null {
  const measured = pace?.archive ?? pace?.download ?? null;
  if (bytes === null || !measured || measured.bytes <= 0 || measured.seconds <= 0) return null;
  const seconds = (bytes * measured.seconds) / measured.bytes;
  return seconds < FEW_SECONDS ? 'It takes a few seconds.' : `It takes about ${formatDuration(seconds)}.`;
}
