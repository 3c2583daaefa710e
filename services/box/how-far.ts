import { AppError, type ErrorCode } from '../../shared/errors';
import { formatAmount } from '../../shared/units';

/** The box stopped answering: gone, dropped the connection, or too slow to go on. */
const LINK_LOST = new Set<ErrorCode>(['box-connection-lost', 'box-unreachable', 'box-timeout', 'service-not-answering']);

/** Where a transfer stood when the box stopped answering (null: none of its stages had moved a byte). */
export interface HowFar {
  stage: string;
  done: number;
  total: number | null;
}

/**
 * Follows a long operation's transfer stages (stage -> what the bytes "had" done: "arrived",
 * "been sent") so that a box which stops answering midway is told as how far it got ("after
 * 12 MB of 50 MB had been sent"), not as "lost before it answered"; with the sentence of what
 * that left, which the caller knows (an archive: nothing written; a restore: the box as it was).
 */
export function transferProgress(verbs: Record<string, string>) {
  let last: HowFar | null = null;
  return {
    track(stage: string, done: number, total: number | null): void {
      if (stage in verbs) last = { stage, done, total };
    },
    /** How far the transfer got, or null when nothing had moved yet. */
    get howFar(): HowFar | null {
      return last && last.done > 0 ? last : null;
    },
    /** A lost box, said with how far it got and what that left; any other error as it is. */
    explain(err: unknown, host: string, left: string): unknown {
      if (!(err instanceof AppError) || !LINK_LOST.has(err.code)) return err;
      const far = last && last.done > 0 ? last : null;
      // Nothing had moved: a connection lost before the box answered says only what that left.
      if (!far) return err.code === 'box-connection-lost' ? new AppError(err.code, `${err.message} ${left}`, err.detail, { cause: err }) : err;
      const amount = formatAmount(Math.min(far.done, far.total ?? far.done), far.total);
      return new AppError(err.code, `Your box at ${host} stopped answering after ${amount} had ${verbs[far.stage]}. ${left}`, err.detail, { cause: err });
    },
  };
}
