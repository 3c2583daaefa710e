import { useEffect, useState } from 'react';
import type { EventPayload } from '../../shared/contract';
import { useApi } from '../api';
import { describeError } from '../errors';

/** Tells the person, wherever they are in the app, that an automatic archive ran and how it went. */
export function AutomationNotice() {
  const api = useApi();
  const [last, setLast] = useState<EventPayload<'automation.ran'> | null>(null);
  useEffect(() => api.on('automation.ran', setLast), [api]);
  if (!last) return null;
  const text = last.ok && last.upToDate
    ? `"${last.label}" is already up to date, checked just now: it holds your box's current backup (${last.fileName}) and it read back intact. Nothing was written; you can unplug the stick.`
    : last.ok
    ? `Your backup was archived automatically to "${last.label}" (${last.fileName}) and verified. You can unplug the stick.`
    : `The automatic archive to "${last.label}" did not work. ${last.error ? `${describeError(last.error as Parameters<typeof describeError>[0]).title}: ${last.error.message}` : ''}`;
  return (
    <div className={`automation-notice ${last.ok ? 'panel-ok' : 'panel-error'}`} role="status">
      <p>{text}</p>
      <button type="button" onClick={() => setLast(null)}>
        Dismiss
      </button>
    </div>
  );
}
