import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { DemoBox } from '../../shared/contract/box';
import type { AppErrorData } from '../../shared/errors';
import { useApi } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { navigate, routeParam } from '../router';
import './Demo.css';

/** The demo box: a made-up box inside the app, clearly labelled, to try every flow safely. */
export function DemoScreen() {
  const api = useApi();
  const [demo, setDemo] = useState<z.infer<typeof DemoBox> | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [busy, setBusy] = useState(false);

  const wordsHeading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState<string | null>(null);
  const focusPending = useRef(false);
  useEffect(() => {
    if (demo && focusPending.current) {
      focusPending.current = false;
      wordsHeading.current?.focus();
    }
  }, [demo]);

  /** `focusWords`: the person asked for the demo, so the words they need next get the focus. */
  async function start(focusWords: boolean) {
    setBusy(true);
    setError(null);
    const res = await api.invoke('demo.start', {});
    setBusy(false);
    if (res.ok) {
      focusPending.current = focusWords;
      setDemo(res.value);
    } else setError(res.error);
  }

  useEffect(() => {
    // Home's "Start the demo box" starts it in one click; otherwise a running demo is shown as it is.
    const asked = routeParam('start') !== null;
    void api.invoke('demo.status', {}).then((res) => {
      if (asked || (res.ok && res.value.running)) void start(asked);
    });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function copyWords(mnemonic: string) {
    try {
      await navigator.clipboard.writeText(mnemonic);
      setCopied('The demo words were copied. Paste them into word 1 of the 24 slots.');
    } catch {
      setCopied('This window may not copy; select the words above instead.');
    }
  }

  return (
    <div className="demo">
      <h1>
        Demo box <span className="badge badge-demo">DEMO</span>
      </h1>
      <p className="lead">
        The demo box runs inside this app and holds one made-up backup with two demo identities. Use it to try archiving,
        restoring and inspecting before you touch your real box. Nothing real is involved.
      </p>
      {error && <ErrorPanel error={error} onAction={() => void start(true)} headingLevel={2} />}
      {!demo && !error && (
        <button type="button" className="primary" onClick={() => void start(true)} disabled={busy}>
          {busy ? 'Starting the demo box…' : 'Start the demo box'}
        </button>
      )}
      {demo && (
        <section className="panel demo-panel" aria-labelledby="demo-running">
          <h2 id="demo-running">The demo box is running</h2>
          <dl className="demo-facts">
            <dt>Demo box address</dt>
            <dd>
              <code>{demo.url}</code> <span className="badge badge-demo">DEMO</span>
            </dd>
            <dt>Demo identities</dt>
            <dd>
              {demo.identities.join(', ')} and {demo.peers} peers
            </dd>
            <dt>Demo backup</dt>
            <dd>
              <code>{demo.backupIdPrefix}…</code>
            </dd>
          </dl>
          <h3 ref={wordsHeading} tabIndex={-1}>
            The demo backup&apos;s 24 words
          </h3>
          <p className="hint">
            These words are made-up demo data, shown so you can try the app. Your real words are different: never show or
            type them anywhere except into this app on your own computer.
          </p>
          <ol className="demo-words" aria-label="Demo words">
            {demo.mnemonic.split(' ').map((word, i) => (
              <li key={i}>{word}</li>
            ))}
          </ol>
          <p>
            <button type="button" onClick={() => void copyWords(demo.mnemonic)}>
              Copy the words
            </button>{' '}
            {copied && <span role="status">{copied}</span>}
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={() => navigate('archive', { box: 'demo' })}>
              Try archiving from the demo box
            </button>
            <button type="button" onClick={() => navigate('restore', { box: 'demo' })}>
              Try restoring to the demo box
            </button>
          </div>
          <p className="hint">The screen you open starts with this demo box&apos;s address filled in.</p>
        </section>
      )}
    </div>
  );
}
