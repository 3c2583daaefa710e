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
  return {
    progress: (stage: string, done: number, total: number | null) => {
      last = { stage, done, total };
      throttled(stage, done, total);
    },
    waiting: () => {
      if (ctx.operationId) ctx.emit('operation.progress', { operationId: ctx.operationId, ...last, message: WAITING_MESSAGE });
    },
  };
}
