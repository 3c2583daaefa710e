import { useCallback, useEffect, useState } from 'react';
import type { CopiesView } from '../shared/contract/copies';
import { useApi } from './api';

/**
 * The copies view (copies.list), refreshed whenever something may have changed it: a scrub or
 * "Verify all" finished, a stick was plugged in or removed, an automatic archive ran.
 */
export function useCopies() {
  const api = useApi();
  const [view, setView] = useState<CopiesView | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  const refresh = useCallback(() => {
    void api.invoke('copies.list', {}).then((res) => {
      if (res.ok) {
        setView(res.value);
        setFailed(null);
      } else setFailed(res.error.message);
    });
  }, [api]);
  useEffect(() => {
    refresh();
    const offs = [api.on('copies.changed', refresh), api.on('automation.ran', refresh), api.on('drives.changed', refresh)];
    return () => offs.forEach((off) => off());
  }, [api, refresh]);
  return { view, failed, refresh };
}
