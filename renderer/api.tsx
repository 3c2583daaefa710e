import { createContext, useContext, type ReactNode } from 'react';
import type { CompanionApi } from '../shared/contract';

const ApiContext = createContext<CompanionApi | null>(null);

export function ApiProvider({ api, children }: { api: CompanionApi; children: ReactNode }) {
  return <ApiContext.Provider value={api}>{children}</ApiContext.Provider>;
}

/** The one way the renderer reaches the system. */
export function useApi(): CompanionApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}
