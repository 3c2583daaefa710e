import { useEffect, useRef } from 'react';
import type { NotConnectedReason } from '../connection';

const TEXT: Record<NotConnectedReason, { title: string; body: string }> = {
  'no-token': {
    title: 'This window is not connected to the Companion',
    body: 'This address was opened without its key. Open the link that npm start printed: it ends in #token=…',
  },
  refused: {
    title: 'This window is not connected to the Companion',
    body: 'The Companion did not accept this link (it is an old or a mistyped one). Open the link that npm start printed.',
  },
  restarted: {
    title: 'The Companion was restarted',
    body: "This window's link is out of date: open the new link printed by npm start.",
  },
  stopped: {
    title: 'This window is not connected to the Companion',
    // A new start has a new key (and perhaps a new port): this window cannot come back by itself.
    body: "The Companion stopped running. Start it again with npm start and open the new link it prints: this window's link will be out of date.",
  },
};

/** One clear screen instead of an app that looks normal and does nothing. */
export function NotConnected({ reason }: { reason: NotConnectedReason }) {
  const text = TEXT[reason];
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [reason]);
  return (
    <div className="app">
      <main id="main" className="not-connected" tabIndex={-1}>
        <section className="panel panel-warn" aria-labelledby="not-connected-title">
          <h1 id="not-connected-title" ref={heading} tabIndex={-1}>{text.title}</h1>
          <p>{text.body}</p>
          <p className="hint">Nothing on this computer was changed by this window.</p>
        </section>
      </main>
    </div>
  );
}

/** While the window reconnects after the connection dropped. */
export function Reconnecting() {
  return (
    <p className="panel panel-warn reconnecting" role="status">
      The connection to the Companion dropped. Reconnecting…
    </p>
  );
}
