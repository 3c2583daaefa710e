import type { z } from 'zod';
import type { Result } from '../result';
import { appCalls, appEvents } from './app';
import { archiveCalls, archiveEvents } from './archive';
import { boxCalls, boxEvents } from './box';
import { copiesCalls, copiesEvents } from './copies';
import { drivesCalls, drivesEvents } from './drives';
import { foldersCalls } from './folders';
import { inspectCalls, inspectEvents } from './inspect';
import { restoreCalls, restoreEvents } from './restore';

/**
 * THE contract between the renderer and the main process. Every call and event, with its runtime
 * schema. The preload, the browser host, the handler table and the CLI are all typed from here,
 * so a drift between them is a compile error.
 */
export const calls = {
  ...appCalls,
  ...boxCalls,
  ...archiveCalls,
  ...drivesCalls,
  ...foldersCalls,
  ...inspectCalls,
  ...restoreCalls,
  ...copiesCalls,
} as const;

export const events = {
  ...appEvents,
  ...boxEvents,
  ...archiveEvents,
  ...drivesEvents,
  ...inspectEvents,
  ...restoreEvents,
  ...copiesEvents,
} as const;

export type Calls = typeof calls;
export type Events = typeof events;
export type CallName = keyof Calls;
export type EventName = keyof Events;

/** What a caller passes (before defaults are applied). */
export type CallRequest<N extends CallName> = z.input<Calls[N]['request']>;
/** What a handler receives (after validation and defaults). */
export type CallRequestParsed<N extends CallName> = z.output<Calls[N]['request']>;
export type CallResult<N extends CallName> = z.output<Calls[N]['result']>;
export type EventPayload<E extends EventName> = z.output<Events[E]['payload']>;

export const CALL_NAMES = Object.keys(calls) as CallName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isCallName(name: string): name is CallName {
  return Object.prototype.hasOwnProperty.call(calls, name);
}

export function isEventName(name: string): name is EventName {
  return Object.prototype.hasOwnProperty.call(events, name);
}

/** The one api object the renderer sees (from the preload, or from the browser host bridge). */
export interface CompanionApi {
  invoke<N extends CallName>(name: N, request: CallRequest<N>): Promise<Result<CallResult<N>>>;
  on<E extends EventName>(name: E, listener: (payload: EventPayload<E>) => void): () => void;
}

export { API_GLOBAL } from './global';
