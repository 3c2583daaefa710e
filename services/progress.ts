import type { CallContext } from '../shared/contract/dispatch';

export type ProgressFn = (stage: string, done: number, total: number | null) => void;

/**
 * A handler's progress, sent as operation.progress events at most every `intervalMs` per
 * operation (a fast box reports every network packet), but never late: a new stage or a
 * finished stage goes out at once, and the latest amount is sent when the interval ends.
 */
export function progressEvents(ctx: CallContext, unit: 'bytes' | 'files' | 'archives' = 'bytes', intervalMs = 100): ProgressFn {
  const { operationId } = ctx;
  if (!operationId) return () => {};
  let lastAt = 0;
  let lastStage: string | null = null;
  let pending: { stage: string; done: number; total: number | null } | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const send = (p: { stage: string; done: number; total: number | null }) => {
    lastAt = Date.now();
    lastStage = p.stage;
    ctx.emit('operation.progress', { operationId, ...p, unit });
  };
  const stop = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    pending = null;
  };
  ctx.signal.addEventListener('abort', stop, { once: true });
  return (stage, done, total) => {
    const p = { stage, done, total };
    const now = Date.now();
    if (stage !== lastStage || (total !== null && done >= total) || now - lastAt >= intervalMs) {
      stop();
      send(p);
      return;
    }
    pending = p;
    timer ??= setTimeout(() => {
      timer = null;
      if (pending) send(pending);
      pending = null;
    }, intervalMs - (now - lastAt));
  };
}
