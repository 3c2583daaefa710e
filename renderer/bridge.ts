import { API_GLOBAL, type CompanionApi, type EventName } from '../shared/contract';
import type { Result } from '../shared/result';
import { getConnection, setConnection, type NotConnectedReason } from './connection';

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
/** The run of the host this window last reached with its token (not a secret). */
const INSTANCE_KEY = 'idbox-host-instance';
/** Reconnect attempts after the event socket dropped, before the window says it is not connected. */
const RECONNECT_TRIES = 4;

async function hostInstance(): Promise<string | null> {
  try {
    const res = await fetch('/api/instance', { cache: 'no-store' });
    if (!res.ok) return null;
    const body = (await res.json()) as { instance?: unknown };
    return typeof body.instance === 'string' ? body.instance : null;
  } catch {
    return null;
  }
}

/** Why the host refused this window, or does not answer. */
async function diagnose(): Promise<NotConnectedReason> {
  const instance = await hostInstance();
  if (instance === null) return 'stopped';
  const known = sessionStorage.getItem(INSTANCE_KEY);
  return known && known !== instance ? 'restarted' : 'refused';
}

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

  let opened = false;
  let failures = 0;
  let settled = false; // refused or restarted: retrying with this token cannot help

  const connect = () => {
    const url = new URL('/api/events', window.location.href);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    // Browsers cannot set headers on a WebSocket: the token travels as the subprotocol.
    socket = new WebSocket(url, [`idbox.${token}`]);
    socket.onopen = () => {
      opened = true;
      failures = 0;
      setConnection({ state: 'connected' });
      void hostInstance().then((instance) => {
        if (instance) sessionStorage.setItem(INSTANCE_KEY, instance);
      });
    };
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
      failures += 1;
      void diagnose().then((reason) => {
        if (reason === 'restarted' || reason === 'refused') {
          settled = true;
          setConnection({ state: 'not-connected', reason });
          return;
        }
        // The host does not answer: try again with the same token, a few times quickly, then say
        // so and keep trying slowly (it may come back).
        setConnection(opened && failures < RECONNECT_TRIES ? { state: 'reconnecting' } : { state: 'not-connected', reason });
        window.setTimeout(connect, failures < RECONNECT_TRIES ? 1000 : 3000);
      });
    };
  };
  const notConnected = (reason: NotConnectedReason) => {
    settled = true;
    setConnection({ state: 'not-connected', reason });
  };
  if (!token) notConnected('no-token');
  else connect();
  // A person who opens the printed link in a tab that already shows the app (after a restart, or
  // after first opening the address without its key) changes only the fragment: the browser does
  // not load the page again, so start afresh here with the link's token.
  window.addEventListener('hashchange', () => {
    const fresh = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(window.location.hash)?.[1];
    if (!fresh) return;
    takeToken();
    if (fresh !== token || getConnection().state !== 'connected') window.location.reload();
  });

  return {
    async invoke(name, request) {
      try {
        const res = await fetch(`/api/call/${encodeURIComponent(name)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify(request ?? {}),
        });
        if (res.status === 401 || res.status === 403) {
          if (!settled) void diagnose().then((reason) => notConnected(reason === 'stopped' ? 'refused' : reason));
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
