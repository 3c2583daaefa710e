import type { z } from 'zod';
import { BACKUP_SERVICE, BackupServiceAbout, type ReplyMessage } from '../../shared/box-protocol';
import { AppError } from '../../shared/errors';
import type { FrameProgress } from './frames';
import { boxRequest, withBoxHeld } from './lock-hold';
import { rendezvousRequest, type Timeouts } from './session';
import { normalizeBoxUrl } from './url';

/**
 * One request at a time per box. The real rendezvous cannot take two requests at once, so every
 * request to one box goes through ONE queue per box URL in this process (the UI, automation, the
 * CLI), and then takes the box's lock, shared with every other program on this computer (./lock.ts).
 * A request stays in the queue, holding the lock, until the box has answered it (or its timeout),
 * even when the person cancelled: the caller stops waiting at once, the next request waits.
 */
const queues = new Map<string, Promise<unknown>>();

function enqueue<T>(url: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(url) ?? Promise.resolve();
  const run = previous.then(task, task);
  const tail = run.catch(() => undefined);
  queues.set(url, tail);
  void tail.then(() => {
    if (queues.get(url) === tail) queues.delete(url);
  });
  return run;
}

/** Resolves once every request queued for this box so far has been answered (or timed out). */
export async function boxSettled(url: string): Promise<void> {
  for (let tail = queues.get(url); tail; tail = queues.get(url)) await tail;
}

/** The same for a box address as typed (nothing to wait for when it is not a valid address). */
export async function settleBox(input: string): Promise<void> {
  let url: string;
  try {
    url = normalizeBoxUrl(input);
  } catch {
    return;
  }
  await boxSettled(url);
}

export const cancelledError = () => new AppError('cancelled', 'The operation was cancelled.');

/** `work`, unless `signal` aborts first: then a cancel at once (work goes on; its result is dropped). */
function unlessCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(cancelledError());
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export interface CallOptions {
  /** Cancels the wait for the box's lock, and the call until it is sent; after that, see `hold`. */
  signal?: AbortSignal;
  onReplyProgress?: (progress: FrameProgress) => void;
  /** This call's reply wait, when not the client's `replyMs`. */
  replyMs?: number;
  /**
   * Once sent, wait for the box's answer even after a cancel (bounded by the reply wait) and return
   * it: for a call whose answer the cancel itself needs (an upload's id, to discard its stage).
   * Otherwise a cancel ends the caller's wait at once, while the queue still waits for the answer.
   */
  hold?: boolean;
}

export interface TransportOptions {
  onWaiting?: () => void;
  maxLockWaitMs?: number;
}

export type Transport = ReturnType<typeof createTransport>;

export function createTransport(url: string, t: Timeouts, options: TransportOptions) {
  const host = new URL(url).host;
  let serviceAnswered: Promise<z.infer<typeof BackupServiceAbout>> | null = null;

  const notAnswering = (servicePath: string) =>
    servicePath === BACKUP_SERVICE
      ? new AppError('service-not-answering', `The box at ${host} answered but its backup service did not; it may be stopped.`)
      : new AppError('box-timeout', `The box at ${host} answered but its identity service did not finish the request in time; it may be stopped.`);

  function call(servicePath: string, method: string, params: unknown[] | undefined, opts: CallOptions = {}): Promise<ReplyMessage> {
    const { signal, onReplyProgress, replyMs } = opts;
    const request = () =>
      rendezvousRequest(url, { servicePath, method, ...(params ? { params } : {}) }, {
        timeouts: replyMs ? { ...t, replyMs } : t,
        signal,
        holdAfterSend: true,
        onReplyProgress,
        onTimeoutAfterSend: () => notAnswering(servicePath),
      });
    const work = enqueue(url, () => boxRequest(url, servicePath, request, { signal, onWaiting: options.onWaiting, maxWaitMs: options.maxLockWaitMs }));
    return opts.hold ? work : unlessCancelled(work, signal);
  }

  function unwrap<S extends z.ZodType>(servicePath: string, method: string, reply: ReplyMessage, schema: S): z.output<S> {
    if (reply.method === `${method}-error`) {
      const message = String((reply.params?.[0] as { message?: unknown } | undefined)?.message ?? '');
      if (/not registered/i.test(message)) {
        throw new AppError(
          servicePath === BACKUP_SERVICE ? 'service-missing' : 'box-error',
          servicePath === BACKUP_SERVICE
            ? `The box at ${host} does not have the Identity Box Companion backup service installed.`
            : `The box at ${host} is missing its ${servicePath} service.`,
        );
      }
      throw new AppError('box-error', `The box said: ${message.slice(0, 200) || 'an unnamed error'}.`);
    }
    if (reply.method === 'unknown-method') {
      throw new AppError('box-reply-invalid', `The box does not know "${method}"; its software may be older than this app.`);
    }
    if (reply.method !== `${method}-response`) throw new AppError('box-reply-invalid', `The box answered "${reply.method.slice(0, 60)}" to "${method}".`);
    const parsed = schema.safeParse(reply.params?.[0]);
    if (!parsed.success) throw new AppError('box-reply-invalid', `The box's answer to "${method}" was not in the expected form.`);
    return parsed.data;
  }

  /** Sends one request and returns params[0] of `<method>-response`, validated. */
  async function expect<S extends z.ZodType>(servicePath: string, method: string, params: unknown[] | undefined, schema: S, opts: CallOptions = {}): Promise<z.output<S>> {
    return unwrap(servicePath, method, await call(servicePath, method, params, opts), schema);
  }

  /**
   * The backup-service's `about`, with the short `aboutMs` wait: a registered service that is
   * stopped is known in seconds, before any long call waits `replyMs` for it. Asked once per
   * client while it answers; a failure is asked again next time.
   */
  function backupServiceAbout(signal?: AbortSignal): Promise<z.infer<typeof BackupServiceAbout>> {
    if (!serviceAnswered) {
      serviceAnswered = call(BACKUP_SERVICE, 'about', undefined, { signal, replyMs: t.aboutMs }).then((reply) => unwrap(BACKUP_SERVICE, 'about', reply, BackupServiceAbout));
      serviceAnswered.catch(() => (serviceAnswered = null));
    }
    return unlessCancelled(serviceAnswered, signal);
  }

  /** Runs a whole transfer (many requests) holding the box's lock once, not per request (./lock-hold.ts). */
  const held = <T>(task: () => Promise<T>): Promise<T> => withBoxHeld(url, task);

  return { url, host, t, call, unwrap, expect, backupServiceAbout, held, settled: () => boxSettled(url) };
}
