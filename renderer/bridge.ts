import { API_GLOBAL, type CompanionApi, type EventName } from '../shared/contract';
import type { Result } from '../shared/result';

/**
 * The renderer reaches the system only through one api object: the Electron preload's, or,
 * when the page is served by the browser host, a bridge over HTTP (calls) and WebSocket (events)
 * on 127.0.0.1 with the per-run token from the URL fragment.
 */
export function getApi(): CompanionApi {
  const fromPreload = (window as unknown as Record<string, CompanionApi | undefined>)[API_GLOBAL];
  if (fromPreload) return fromPreload;
  return createHostBridge();
}

const TOKEN_KEY = 'idbox-host-token';

function takeToken(): string {
  const match = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (match?.[1]) {
    sessionStorage.setItem(TOKEN_KEY, match[1]);
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return match[1];
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function createHostBridge(): CompanionApi {
  const token = takeToken();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let socket: WebSocket | null = null;

  const connect = () => {
    const url = new URL('/api/events', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    // Browsers cannot set headers on a WebSocket: the token travels as the subprotocol.
    socket = new WebSocket(url, [`idbox.${token}`]);
    socket.onmessage = (msg) => {
      try {
        const { event, payload } = JSON.parse(String(msg.data)) as { event: string; payload: unknown };
        listeners.get(event)?.forEach((fn) => fn(payload));
      } catch {
        /* ignore a malformed frame */
      }
    };
    socket.onclose = () => {
      socket = null;
      window.setTimeout(connect, 1000);
    };
  };
  connect();

  return {
    async invoke(name, request) {
      try {
        const res = await fetch(`/api/call/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(request ?? {}),
        });
        if (res.status === 401 || res.status === 403) {
          return {
            ok: false,
            error: { code: 'permission-denied', message: 'This page lost its connection key. Open the address printed by "npm start" again.' },
          };
        }
        return (await res.json()) as Result<never>;
      } catch {
        return {
          ok: false,
          error: { code: 'internal', message: 'The app\'s background process is not running. Start it again with "npm start".' },
        };
      }
    },
    on(name: EventName, listener) {
      const set = listeners.get(name) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(name, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  };
}
