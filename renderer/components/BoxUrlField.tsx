import { useEffect, useId, useRef, useState } from 'react';
import type { BoxStatus } from '../../shared/contract/box';
import { useApi } from '../api';
import { describeError, errorLines } from '../errors';
import { ServiceInstallSteps } from './ServiceInstallSteps';
import './BoxUrlField.css';

interface Props {
  value: string;
  onChange(url: string): void;
  onStatus(status: BoxStatus | null): void;
  status: BoxStatus | null;
  /** What the box must offer for this flow to go on. */
  needBackupService?: boolean;
  /** The flow this check is for: it says what a stopped identity-service means for it. */
  purpose?: 'archive' | 'restore';
}

/** What a stopped identity-service means: the backup-service works without it, the phone does not. */
function identityNote(purpose: 'archive' | 'restore'): string {
  return purpose === 'archive'
    ? 'Archiving does not need it, so you can go on. The phone needs it to restore, so restart the box when you can.'
    : 'The backup can still be put back on the box, but the phone needs this service for its restore step: restart the box before you restore on the phone.';
}

/** The box address with a "Check" that says, in plain words, what was found there. */
export function BoxUrlField({ value, onChange, onStatus, status, needBackupService = true, purpose = 'archive' }: Props) {
  const api = useApi();
  const id = useId();
  const [checking, setChecking] = useState(false);
  const result = useRef<HTMLDivElement>(null);
  // After a Check the answer is where the person's attention goes next: focus it (it is also announced).
  const [answered, setAnswered] = useState(0);
  useEffect(() => {
    if (answered > 0) result.current?.focus();
  }, [answered]);

  // While another program (an idbox command, automatic archiving) uses the box, the check waits its turn and says so.
  const [waiting, setWaiting] = useState<string | null>(null);
  const checkId = useRef<string | null>(null);
  useEffect(
    () =>
      api.on('operation.progress', (event) => {
        if (event.operationId === checkId.current && event.message) setWaiting(event.message);
      }),
    [api],
  );

  async function check(url = value) {
    // The answer takes the focus only from where the person asked (the field, Check), never from
    // wherever they went on to meanwhile (typing the words while the box is asked).
    const askedFrom = document.activeElement;
    setChecking(true);
    setWaiting(null);
    onStatus(null);
    if (url !== value) onChange(url);
    const operationId = crypto.randomUUID().replace(/-/g, '');
    checkId.current = operationId;
    const res = await api.invoke('box.status', { url, operationId });
    checkId.current = null;
    setChecking(false);
    setWaiting(null);
    if (res.ok) {
      onStatus(res.value);
      if (res.value.url !== value) onChange(res.value.url);
      const stillThere = document.activeElement === askedFrom || document.activeElement === document.body || document.activeElement === null;
      if (stillThere) setAnswered((n) => n + 1);
    }
  }

  // An https:// address for a box that answers on http://: offer the address it answers on.
  const answersOn = status?.problem?.detail?.answersOn ?? null;
  const problem = status?.problem ? errorLines(describeError(status.problem as Parameters<typeof describeError>[0])) : null;
  return (
    <div className="box-url-field">
      <label htmlFor={id}>Address of your box</label>
      <p className="hint" id={`${id}-hint`}>
        Shown next to the QR code on your box, for example http://192.168.1.28:3100.
      </p>
      <div className="box-url-row">
        <input
          id={id}
          type="url"
          inputMode="url"
          value={value}
          aria-describedby={`${id}-hint ${id}-status`}
          spellCheck={false}
          autoComplete="off"
          placeholder="http://192.168.1.28:3100"
          onChange={(e) => {
            onChange(e.target.value);
            onStatus(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && value.trim()) void check();
          }}
        />
        {/* Busy, not disabled: a disabled button would drop the keyboard focus to the page while the box is asked. */}
        <button type="button" onClick={() => !checking && void check()} disabled={!value.trim()} aria-disabled={checking || undefined}>
          {checking ? 'Checking…' : 'Check'}
        </button>
      </div>
      <div id={`${id}-status`} ref={result} tabIndex={-1} aria-live="polite" className="box-url-status">
        {checking && <p>{waiting ?? 'Contacting the box…'}</p>}
        {status && !problem && (
          <p className="box-ok">
            {status.demo && <span className="badge badge-demo">DEMO BOX</span>} <strong>Box found.</strong>{' '}
            {status.backupService?.installed
              ? `Backup service ${status.backupService.version} installed; ${status.backupService.count ?? 0} backup${status.backupService.count === 1 ? '' : 's'} on the box.`
              : 'The backup service is not installed.'}
          </p>
        )}
        {status?.identityProblem && status.reachable && (
          <div className="box-note" role="status">
            <p>
              <strong>The box's identity service did not answer.</strong> {identityNote(purpose)}
            </p>
          </div>
        )}
        {problem && (
          <div className={`box-problem ${needBackupService ? 'is-blocking' : ''}`} role="alert">
            <p>
              <strong>{problem.title}.</strong> {problem.message}
            </p>
            {answersOn ? (
              <p>
                <button type="button" onClick={() => void check(answersOn)}>
                  Use {answersOn}
                </button>
              </p>
            ) : (
              problem.next && <p>{problem.next}</p>
            )}
            {status?.problem?.code === 'service-missing' && <ServiceInstallSteps reason={purpose === 'restore' ? 'reset' : 'missing'} />}
          </div>
        )}
      </div>
    </div>
  );
}
