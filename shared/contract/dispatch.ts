import { cutTooLong } from '../cut';
import { AppError, toErrorData } from '../errors';
import { fail, ok, type Result } from '../result';
import {
  calls,
  events,
  isCallName,
  type CallName,
  type CallRequestParsed,
  type CallResult,
  type EventName,
  type EventPayload,
} from './index';

/** What a handler gets besides its validated request. */
export interface CallContext {
  /** Aborted when the caller cancels the operation (operation.cancel) or the transport goes away. */
  signal: AbortSignal;
  /** The request's operationId, when it has one: progress events carry it. */
  operationId: string | null;
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

export type Handler<N extends CallName> = (
  request: CallRequestParsed<N>,
  ctx: CallContext,
) => Promise<CallResult<N>> | CallResult<N>;

/** The handler table: one handler per call in the contract; a missing one is a compile error. */
export type Handlers = { [N in CallName]: Handler<N> };

export type EventSink = (name: EventName, payload: unknown) => void;

export interface Dispatcher {
  /** Validate, run, validate the result; never throws. */
  dispatch(name: string, payload: unknown, signal?: AbortSignal): Promise<Result<unknown>>;
  /** Abort a running operation by id; true when one was running. */
  cancel(operationId: string): boolean;
  /** Abort every running operation (the window went away or the app is stopping); returns how many. */
  cancelAll(): number;
  /** Validate and forward an event to the transport. */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
}

function operationIdOf(payload: unknown): string | null {
  if (typeof payload === 'object' && payload !== null && 'operationId' in payload) {
    const id = (payload as { operationId: unknown }).operationId;
    return typeof id === 'string' ? id : null;
  }
  return null;
}

/**
 * Binds a handler table to the contract. The same dispatcher serves Electron's ipcMain, the
 * browser host and direct calls from tests, so every transport validates the same way.
 */
export function createDispatcher(
  handlers: Omit<Handlers, 'operation.cancel'>,
  sink: EventSink,
  log: (line: string) => void = () => {},
): Dispatcher {
  const running = new Map<string, AbortController>();

  const emit = <E extends EventName>(name: E, payload: EventPayload<E>): void => {
    const schema = events[name].payload;
    let parsed = schema.safeParse(payload);
    // A message longer than its event allows (a stick's long label inside it) is cut, never dropped.
    if (!parsed.success) {
      const fitted = cutTooLong(payload, parsed.error.issues);
      if (fitted !== null) parsed = schema.safeParse(fitted);
    }
    if (!parsed.success) {
      log(`dropped invalid event ${name}`);
      return;
    }
    sink(name, parsed.data);
  };

  const cancel = (operationId: string): boolean => {
    const controller = running.get(operationId);
    if (!controller) return false;
    controller.abort();
    return true;
  };

  const cancelAll = (): number => {
    const controllers = [...running.values()];
    for (const controller of controllers) controller.abort();
    return controllers.length;
  };

  const table: Handlers = {
    ...(handlers as Handlers),
    'operation.cancel': (req) => ({ cancelled: cancel(req.operationId) }),
  };

  async function dispatch(name: string, payload: unknown, signal?: AbortSignal): Promise<Result<unknown>> {
    if (!isCallName(name)) {
      return fail({ code: 'invalid-request', message: 'The app asked for something it does not know. Please restart the app.' });
    }
    const spec = calls[name];
    const parsed = spec.request.safeParse(payload ?? {});
    if (!parsed.success) {
      const where = parsed.error.issues[0]?.path.join('.') || 'request';
      return fail({
        code: 'invalid-request',
        message: `The request was not valid (${where}: ${parsed.error.issues[0]?.message ?? 'invalid'}).`,
      });
    }
    const operationId = operationIdOf(parsed.data);
    // Only a cancellable call starts an operation under its id. operation.cancel also carries an
    // operationId: it names the operation to stop and must never be taken for a second start of it.
    const starts = spec.cancellable === true && operationId !== null;
    if (starts && running.has(operationId)) {
      // The same id twice would make progress events and cancel ambiguous between two runs.
      return fail({ code: 'invalid-request', message: 'That operation is already running.' });
    }
    const controller = new AbortController();
    if (signal) {
      if (signal.aborted) controller.abort();
      else signal.addEventListener('abort', () => controller.abort(), { once: true });
    }
    if (starts) running.set(operationId, controller);
    try {
      const handler = table[name] as Handler<CallName>;
      const value = await handler(parsed.data as never, { signal: controller.signal, operationId, emit });
      const checked = spec.result.safeParse(value);
      if (!checked.success) {
        log(`handler ${name} returned an invalid result: ${checked.error.issues[0]?.path.join('.')} ${checked.error.issues[0]?.message}`);
        return fail(toErrorData(new Error('invalid result')));
      }
      return ok(checked.data);
    } catch (err) {
      if (!(err instanceof AppError)) log(`handler ${name} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return fail(toErrorData(err));
    } finally {
      if (starts && running.get(operationId) === controller) running.delete(operationId);
    }
  }

  return { dispatch, cancel, cancelAll, emit };
}
