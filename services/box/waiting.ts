import type { CallContext } from '../../shared/contract/dispatch';
import { progressEvents } from '../progress';
import { WAITING_MESSAGE } from './lock';

/**
 * A handler's progress events (throttled, ../progress.ts), plus the "waiting for another
 * program" note: when the box's lock is held elsewhere, the current stage is sent again with that
 * message, and the next progress clears it.
 */
export function progressReporter(ctx: CallContext) {
  const throttled = progressEvents(ctx);
  let last: { stage: string; done: number; total: number | null } = { stage: 'connecting', done: 0, total: null };
  // Each stage's first and latest amount, with when: what the stage moved, and how long it took.
  const spans = new Map<string, { from: number; since: number; done: number; at: number }>();
  return {
    progress: (stage: string, done: number, total: number | null) => {
      last = { stage, done, total };
      const now = Date.now();
      const span = spans.get(stage);
      if (span) Object.assign(span, { done: Math.max(span.done, done), at: now });
      else spans.set(stage, { from: done, since: now, done, at: now });
      throttled(stage, done, total);
    },
    /** How many bytes a stage moved and in how many seconds (null when it never ran). */
    measured: (stage: string): { bytes: number; seconds: number } | null => {
      const span = spans.get(stage);
      return span ? { bytes: span.done - span.from, seconds: (span.at - span.since) / 1000 } : null;
    },
    waiting: () => {
      if (ctx.operationId) ctx.emit('operation.progress', { operationId: ctx.operationId, ...last, message: WAITING_MESSAGE });
    },
  };
}
