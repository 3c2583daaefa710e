import { useEffect, useRef } from 'react';
import type { AppErrorData } from '../../shared/errors';
import { describeError, errorLines } from '../errors';

interface Props {
  error: AppErrorData;
  actionLabel?: string;
  onAction?: () => void;
  secondaryLabel?: string;
  onSecondary?: () => void;
  /** 1 when the error is the whole screen (the default); 2 inside a screen that has its own h1. */
  headingLevel?: 1 | 2;
}

/** An error screen: what happened, in plain words, and one action that moves the person on. */
export function ErrorPanel({ error, actionLabel = 'Try again', onAction, secondaryLabel, onSecondary, headingLevel = 1 }: Props) {
  const text = errorLines(describeError(error));
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [error]);
  return (
    // A cancel the person asked for is news, not an alarm: a plain panel that says where things stand.
    <section
      className={error.code === 'cancelled' ? 'panel panel-cancelled' : 'panel panel-error'}
      role={error.code === 'cancelled' ? 'status' : 'alert'}
      aria-labelledby="error-title"
    >
      <Heading id="error-title" ref={heading} tabIndex={-1}>
        {text.title}
      </Heading>
      {text.message && <p>{text.message}</p>}
      {text.next && <p className="next-step">{text.next}</p>}
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
