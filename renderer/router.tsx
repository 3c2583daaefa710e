import { useSyncExternalStore } from 'react';

export const ROUTES = ['home', 'archive', 'restore', 'inspect', 'demo', 'history'] as const;
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

export function navigate(route: Route): void {
  window.location.hash = route === 'home' ? '#/' : `#/${route}`;
}
