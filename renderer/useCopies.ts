import { useEffect, useMemo, useSyncExternalStore } from 'react';
import { useApi } from './api';
import { copiesStoreFor } from './copies-store';

/**
 * The copies view (copies.list), refreshed whenever something may have changed it: a scrub or
 * "Verify all" finished, a stick was plugged in or removed, an automatic archive ran. Every
 * component using it shares one store (renderer/copies-store.ts): one call per change.
 */
export function useCopies() {
  const api = useApi();
  const store = useMemo(() => copiesStoreFor(api), [api]);
  const { view, failed, waiting } = useSyncExternalStore(store.subscribe, store.getState);
  useEffect(() => {
    void store.load();
  }, [store]);
  return { view, failed, waiting, refresh: store.refresh };
}
