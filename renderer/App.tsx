import { useEffect, useRef, useState } from 'react';
import { assertNever } from '../shared/errors';
import { NotConnected, Reconnecting } from './components/NotConnected';
import { useConnection } from './connection';
import { useFocusKeeper } from './useFocusKeeper';
import { ToastDock, useReservedDock } from './components/ToastDock';
import { navigate, useRoute, useRouteQuery, type Route } from './router';
import { ArchiveScreen } from './screens/ArchiveScreen';
import { CopiesScreen } from './screens/CopiesScreen';
import { DemoScreen } from './screens/DemoScreen';
import { HistoryScreen } from './screens/HistoryScreen';
import { HomeScreen } from './screens/HomeScreen';
import { InspectScreen } from './screens/InspectScreen';
import { RestoreScreen } from './screens/RestoreScreen';
import { SettingsScreen } from './screens/SettingsScreen';

const NAV: { route: Route; label: string }[] = [
  { route: 'home', label: 'Home' },
  { route: 'archive', label: 'Archive' },
  { route: 'restore', label: 'Restore' },
  { route: 'inspect', label: 'Inspect' },
  { route: 'copies', label: 'Copies' },
  { route: 'history', label: 'History' },
  { route: 'settings', label: 'Settings' },
  { route: 'demo', label: 'Demo box' },
];

const SCREEN_TITLE: Record<Route, string> = {
  home: 'Home',
  archive: 'Archive my backup',
  restore: 'Restore',
  inspect: 'Inspect an archive',
  copies: 'Your copies',
  history: 'History',
  demo: 'Demo box',
  settings: 'Settings',
};

function Screen({ route }: { route: Route }) {
  switch (route) {
    case 'home':
      return <HomeScreen />;
    case 'archive':
      return <ArchiveScreen />;
    case 'restore':
      return <RestoreScreen />;
    case 'inspect':
      return <InspectScreen />;
    case 'history':
      return <HistoryScreen />;
    case 'demo':
      return <DemoScreen />;
    case 'copies':
      return <CopiesScreen />;
    case 'settings':
      return <SettingsScreen />;
    default:
      return assertNever(route, 'route');
  }
}

export function App() {
  const route = useRoute();
  const query = useRouteQuery();
  const main = useRef<HTMLElement>(null);
  // The notices have a region of their own at the bottom of the window: while any is showing, the
  // page scrolls in the space above it, so no notice ever sits on what the person is working on.
  const page = useRef<HTMLDivElement>(null);
  const dock = useRef<HTMLDivElement>(null);
  const connection = useConnection();
  const docked = useReservedDock(page, dock, connection.state !== 'not-connected');
  // No focus lost to the page body when a control goes away under the person (useFocusKeeper.ts).
  const shell = useRef<HTMLDivElement>(null);
  useFocusKeeper(shell, '.toast-dock');
  // Choosing the screen you are on in the navigation starts it afresh (e.g. a new archive).
  const [visit, setVisit] = useState(0);
  // Move focus to the new screen so keyboard and screen-reader users follow the navigation.
  // Every screen starts at the top; focusing <main> must not scroll the header out of view.
  useEffect(() => {
    main.current?.focus({ preventScroll: true });
    window.scrollTo(0, 0);
    page.current?.scrollTo(0, 0);
  }, [route, query]);
  // Each screen names its tab (several tabs, the history list, a screen reader's window list).
  useEffect(() => {
    document.title = `${SCREEN_TITLE[route]} · Identity Box Companion`;
  }, [route]);
  if (connection.state === 'not-connected') return <NotConnected reason={connection.reason} />;
  return (
    <div className={`app${docked ? ' app-docked' : ''}`} ref={shell}>
      <div className="app-page" ref={page}>
      {/* The address's fragment is the route here: following "#main" would open Home and drop the screen. */}
      <a
        className="skip-link"
        href="#main"
        onClick={(e) => {
          e.preventDefault();
          main.current?.focus({ preventScroll: true });
          main.current?.scrollIntoView();
        }}
      >
        Skip to content
      </a>
      <header className="app-header">
        <span className="app-title">Identity Box Companion</span>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.route}>
                <button
                  type="button"
                  className="nav-link"
                  aria-current={route === item.route ? 'page' : undefined}
                  onClick={() => {
                    setVisit((v) => v + 1);
                    navigate(item.route);
                  }}
                >
                  {item.label}
                </button>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      {connection.state === 'reconnecting' && <Reconnecting />}
      <main id="main" ref={main} tabIndex={-1}>
        {/* key: leaving a screen unmounts it, which clears any words typed there */}
        <Screen key={`${route}-${visit}-${query}`} route={route} />
      </main>
      </div>
      <ToastDock ref={dock} />
    </div>
  );
}
