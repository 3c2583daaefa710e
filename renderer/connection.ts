import { useSyncExternalStore } from 'react';

/**
 * Whether this window reaches the Companion. Inside Electron it always does; a browser window of
 * the browser host needs the run's token, and can lose the host (stopped, or restarted with a new
 * token). The bridge sets this; the App shows one clear screen when it is not connected.
 */
export type NotConnectedReason =
  /** The address was opened without its #token. */
  | 'no-token'
  /** The host is running but refuses this window's token (a wrong or an old link). */
  | 'refused'
  /** The host now running is a different run than the one this window was connected to. */
  | 'restarted'
  /** Nothing answers: the Companion was stopped. */
  | 'stopped';

export type Connection = { state: 'connected' } | { state: 'reconnecting' } | { state: 'not-connected'; reason: NotConnectedReason };

let current: Connection = { state: 'connected' };
const listeners = new Set<() => void>();

export function setConnection(next: Connection): void {
  if (next.state === current.state && (next.state !== 'not-connected' || (current.state === 'not-connected' && current.reason === next.reason))) return;
  current = next;
  listeners.forEach((fn) => fn());
}

export function getConnection(): Connection {
  return current;
}

function subscribe(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

export function useConnection(): Connection {
  return useSyncExternalStore(subscribe, getConnection);
}
