import type { CompanionApi } from '../shared/contract';
import type { CopiesView } from '../shared/contract/copies';

export interface CopiesState {
  view: CopiesView | null;
  failed: string | null;
  /** "Waiting for another program that is using this box…" while a look at the box waits its turn. */
  waiting: string | null;
}

/** The events after which the copies view may have changed. */
const CHANGES = ['copies.changed', 'automation.ran', 'drives.changed'] as const;

/**
 * The one copies view of a window, shared by every component that shows it (the Home headline,
 * the Copies screen, the notifications). `copies.list` scans the sticks and asks the box for its
 * digest, so it runs once per change, not once per component: one subscription to the events,
 * and a call already under way is joined (or, after a change, followed by exactly one more).
 */
export function createCopiesStore(api: CompanionApi) {
  let state: CopiesState = { view: null, failed: null, waiting: null };
  let current: string | null = null;
  const notify = () => listeners.forEach((l) => l());
  const listeners = new Set<() => void>();
  let running: Promise<void> | null = null;
  let again = false;
  let offs: (() => void)[] = [];

  function load(): Promise<void> {
    if (running) return running;
    const operationId = crypto.randomUUID().replace(/-/g, '');
    current = operationId;
    running = api
      .invoke('copies.list', { operationId })
      .then(
        (res) => (res.ok ? { view: res.value, failed: null, waiting: null } : { view: state.view, failed: res.error.message, waiting: null }),
        (err: unknown) => ({ view: state.view, failed: err instanceof Error ? err.message : String(err), waiting: null }),
      )
      .then((next) => {
        state = next;
        notify();
      })
      .finally(() => {
        running = null;
        current = null;
        if (again) {
          again = false;
          void load();
        }
      });
    return running;
  }

  /** After a change: a call that started before it may miss it, so one more follows that call. */
  function changed(): void {
    if (running) again = true;
    else void load();
  }

  return {
    getState: () => state,
    /** A component showing the view appeared: fresh data, joining a call already under way. */
    load,
    /** Something changed (an event, or the person asked): read again. */
    refresh: changed,
    subscribe(listener: () => void): () => void {
      listeners.add(listener);
      if (listeners.size === 1) {
        offs = CHANGES.map((name) => api.on(name, changed));
        offs.push(
          api.on('operation.progress', (event) => {
            if (event.operationId !== current || !event.message || state.waiting === event.message) return;
            state = { ...state, waiting: event.message };
            notify();
          }),
        );
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) {
          offs.forEach((off) => off());
          offs = [];
        }
      };
    },
  };
}

export type CopiesStore = ReturnType<typeof createCopiesStore>;

const stores = new WeakMap<CompanionApi, CopiesStore>();

export function copiesStoreFor(api: CompanionApi): CopiesStore {
  let store = stores.get(api);
  if (!store) stores.set(api, (store = createCopiesStore(api)));
  return store;
}
