import { useEffect, useRef } from 'react';
import type { AppErrorData } from '../../shared/errors';
import { describeError } from '../errors';

interface Props {
  error: AppErrorData;
  actionLabel?: string;
  onAction?: () => void;
  secondaryLabel?: string;
  onSecondary?: () => void;
}

/** An error screen: what happened, in plain words, and one action that moves the person on. */
export function ErrorPanel({ error, actionLabel = 'Try again', onAction, secondaryLabel, onSecondary }: Props) {
  const text = describeError(error);
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [error]);
  return (
    // A cancel the person asked for is news, not an alarm: a plain panel that says where things stand.
    <section
      className={error.code === 'cancelled' ? 'panel panel-cancelled' : 'panel panel-error'}
      role={error.code === 'cancelled' ? 'status' : 'alert'}
      aria-labelledby="error-title"
    >
      <h2 id="error-title" ref={heading} tabIndex={-1}>
        {text.title}
      </h2>
      <p>{text.message}</p>
      <p className="next-step">{text.next}</p>
      <div className="actions">
        {onAction && (
          <button type="button" className="primary" onClick={onAction}>
            {actionLabel}
          </button>
        )}
        {onSecondary && secondaryLabel && (
          <button type="button" onClick={onSecondary}>
            {secondaryLabel}
          </button>
        )}
      </div>
    </section>
  );
}
