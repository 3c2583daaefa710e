import { useSyncExternalStore } from 'react';

export const ROUTES = ['home', 'archive', 'restore', 'inspect', 'demo', 'history', 'copies', 'settings'] as const;
export type Route = (typeof ROUTES)[number];

function current(): Route {
  const name = window.location.hash.replace(/^#\/?/, '').split(/[?&]/)[0] ?? '';
  return (ROUTES as readonly string[]).includes(name) ? (name as Route) : 'home';
}

function subscribe(onChange: () => void): () => void {
  window.addEventListener('hashchange', onChange);
  return () => window.removeEventListener('hashchange', onChange);
}

/** Hash routing: the back button works and every screen has an address. */
export function useRoute(): Route {
  return useSyncExternalStore(subscribe, current);
}

/** The parameters of the address (`box=demo`); a screen opened with new parameters starts afresh. */
export function useRouteQuery(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash.split('?')[1] ?? '');
}

/** Navigate; `params` become `#/route?key=value` (e.g. `{ box: 'demo' }` from the demo screen). */
export function navigate(route: Route, params?: Record<string, string>): void {
  const query = params ? `?${new URLSearchParams(params).toString()}` : '';
  window.location.hash = route === 'home' && !query ? '#/' : `#/${route}${query}`;
}

/** A parameter of the current address (`#/archive?box=demo` -> routeParam('box') === 'demo'). */
export function routeParam(name: string): string | null {
  const query = window.location.hash.split('?')[1];
  return query ? new URLSearchParams(query).get(name) : null;
}
