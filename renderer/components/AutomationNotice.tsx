import { useEffect, useState } from 'react';
import type { EventPayload } from '../../shared/contract';
import { useApi } from '../api';
import { describeError } from '../errors';
import { navigate } from '../router';

type Ran = EventPayload<'automation.ran'>;

/** How long a notice that only informs stays (the Copies and History screens keep the record). */
export const INFORM_MS = 15_000;

/** Box problems that a new address or a look at the box fixes. */
const BOX_PROBLEMS = new Set(['box-unreachable', 'box-timeout', 'box-not-rendezvous', 'box-url-invalid', 'box-connection-lost']);

export function noticeText(last: Ran): string {
  // Written and read back, but not a good copy: the verdict's sentence, never "verified".
  if (last.ok && last.note) return `"${last.label}" (${last.fileName}): ${last.note.sentence} ${last.note.nextStep}`;
  if (last.ok && last.upToDate) {
    return `"${last.label}" is already up to date, checked just now: it holds your box's current backup (${last.fileName}) and it read back intact. Nothing was written; you can unplug the stick.`;
  }
  if (last.ok) return `Your backup was archived automatically to "${last.label}" (${last.fileName}) and verified. You can unplug the stick.`;
  const why = last.error ? last.error.message : 'It stopped without saying why.';
  return `The automatic archive to "${last.label}" did not work. ${why}`;
}

/**
 * Tells the person, wherever they are in the app, that an automatic archive ran and how it went:
 * a toast in view (never scrolled away), and after a failure the fix for it.
 */
export function AutomationNotice() {
  const api = useApi();
  const [last, setLast] = useState<Ran | null>(null);
  useEffect(() => api.on('automation.ran', setLast), [api]);
  // Good news only informs: it goes by itself. A failure stays until the person acts on it.
  useEffect(() => {
    if (!last?.ok) return;
    const timer = setTimeout(() => setLast((now) => (now === last ? null : now)), INFORM_MS);
    return () => clearTimeout(timer);
  }, [last]);
  if (!last) return null;
  const code = last.error?.code ?? '';
  const boxProblem = !last.ok && BOX_PROBLEMS.has(code);
  const title = last.ok ? 'Automatic archive' : last.error ? describeError(last.error as Parameters<typeof describeError>[0]).title : 'Automatic archive failed';
  const go = (fn: () => void) => () => {
    setLast(null);
    fn();
  };
  return (
    <div className={`notice-toast automation-notice ${last.ok && !last.note ? 'panel-ok' : 'panel-error'}`} role={last.ok && !last.note ? 'status' : 'alert'}>
      <p className="toast-title">{title}</p>
      <p>{noticeText(last)}</p>
      <div className="actions">
        {boxProblem && (
          <button type="button" className="primary" onClick={go(() => navigate('settings', { rule: last.ruleId }))}>
            Change box address
          </button>
        )}
        {!last.ok && (
          <button type="button" className={boxProblem ? '' : 'primary'} onClick={go(() => navigate('archive', { box: last.boxUrl }))}>
            Check box
          </button>
        )}
        <button type="button" onClick={() => setLast(null)}>
          Dismiss
        </button>
      </div>
    </div>
  );
}
