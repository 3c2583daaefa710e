import { useEffect, useRef } from 'react';
import { navigate } from '../router';

interface Props {
  outcome: 'restored' | 'already-there';
  boxUrl: string;
  demo: boolean;
}

/** What happened on the box, and the phone's part that comes next. Focus lands on the result. */
export function RestoreSuccess({ outcome, boxUrl, demo }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel panel-ok" aria-labelledby="restored-title">
      <h1 id="restored-title" ref={heading} tabIndex={-1}>
        {outcome === 'restored' ? 'Your backup is back on your box' : 'Your box already had this exact backup'}{' '}
        {demo && <span className="badge badge-demo">DEMO</span>}
      </h1>
      <p role="status">
        {outcome === 'restored'
          ? 'We put the archive on the box and read it back: every file matched.'
          : 'Nothing needed to change: every file on the box matches the archive.'}{' '}
        Box: <code>{boxUrl}</code>
      </p>
      <h2>Now, on your phone</h2>
      <ol className="phone-steps">
        <li>Open the Identity Box app (after its own reset).</li>
        <li>Scan the QR code of your box.</li>
        <li>
          Choose <strong>Restore from backup...</strong>
        </li>
        <li>Enter the same 24 words. Your identities come back.</li>
      </ol>
      <div className="actions">
        <button type="button" className="primary" onClick={() => navigate('home')}>
          Done
        </button>
      </div>
    </section>
  );
}
