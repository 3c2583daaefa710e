import type { CompanionApi } from '../shared/contract';
import type { CopiesView } from '../shared/contract/copies';

export interface CopiesState {
  view: CopiesView | null;
  failed: string | null;
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
  let state: CopiesState = { view: null, failed: null };
  const listeners = new Set<() => void>();
  let running: Promise<void> | null = null;
  let again = false;
  let offs: (() => void)[] = [];

  function load(): Promise<void> {
    if (running) return running;
    running = api
      .invoke('copies.list', {})
      .then(
        (res) => (res.ok ? { view: res.value, failed: null } : { view: state.view, failed: res.error.message }),
        (err: unknown) => ({ view: state.view, failed: err instanceof Error ? err.message : String(err) }),
      )
      .then((next) => {
        state = next;
        listeners.forEach((l) => l());
      })
      .finally(() => {
        running = null;
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
      if (listeners.size === 1) offs = CHANGES.map((name) => api.on(name, changed));
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
