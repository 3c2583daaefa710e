import { useEffect, useRef } from 'react';
import type { ProgressEvent } from '../../shared/contract/app';
import type { OperationEstimate } from '../useOperation';
import { formatBytes, formatDuration, formatRate } from '../../shared/units';

export interface Stage {
  id: string;
  label: string;
}

interface Props {
  stages: Stage[];
  progress: ProgressEvent | null;
  estimate?: OperationEstimate;
  onCancel?: () => void;
  /** Cancel was pressed and the operation is stopping. */
  cancelling?: boolean;
  title?: string;
}

/** Stages in which a request to the box may be on its way: a cancel then waits for its answer. */
const BOX_STAGES = new Set(['connecting', 'comparing', 'downloading', 'uploading']);

const NOUNS = { files: ['file', 'files'], archives: ['archive', 'archives'] } as const;

function count(n: number, unit: 'files' | 'archives'): string {
  return `${n} ${NOUNS[unit][n === 1 ? 0 : 1]}`;
}

/** "312 KB of 1.2 MB", "40 KB so far", "3 of 12 files". */
export function amountText(p: ProgressEvent): string {
  const unit = p.unit ?? 'bytes';
  // Never "287 KB of 281 KB": what a stage counts on the way (framing, a resent call) can pass its total.
  const done = p.total === null ? p.done : Math.min(p.done, p.total);
  if (unit === 'bytes') return p.total === null ? `${formatBytes(done)} so far` : `${formatBytes(done)} of ${formatBytes(p.total)}`;
  return p.total === null ? `${count(done, unit)} so far` : `${done} of ${count(p.total, unit)}`;
}

/** "41 KB/s · about 22 s left"; before there is a rate, how long this step has been running. */
export function pace(p: ProgressEvent, estimate: OperationEstimate | undefined, lastStage = true): string {
  if (!estimate) return '';
  if (estimate.rate === null) return estimate.stageSeconds >= 2 ? `${formatDuration(estimate.stageSeconds)} in this step` : '';
  const rate = (p.unit ?? 'bytes') === 'bytes' ? formatRate(estimate.rate) : `${estimate.rate.toFixed(1)}/s`;
  if (estimate.secondsLeft === null) return rate;
  // "Almost done" only when the whole flow is: an upload that is nearly through still has its read-back to come.
  const nearly = lastStage ? 'almost done' : 'this step is nearly through';
  return `${rate} · ${estimate.secondsLeft < 1 ? nearly : `about ${formatDuration(estimate.secondsLeft)} left`}`;
}

/**
 * Whether the stage at `index` is the flow's last one with work in it (a final "Done" has none):
 * only there does a nearly finished stage mean the whole flow is almost done.
 */
export function lastWorkingStage(stages: readonly Stage[], index: number): boolean {
  const last = stages.at(-1)?.id === 'done' ? stages.length - 2 : stages.length - 1;
  return index >= last;
}

/**
 * Named stages with a progress bar, the percentage, the amount, the rate and the time left, and a
 * cancel button, so waiting never looks frozen. The bar is indeterminate only while the total is
 * not known (the first moments of a stage).
 */
export function ProgressView({ stages, progress, estimate, onCancel, cancelling = false, title = 'Working…' }: Props) {
  const currentIndex = progress ? stages.findIndex((s) => s.id === progress.stage) : 0;
  const current = stages[Math.max(currentIndex, 0)];
  const fraction = progress && progress.total ? Math.min(1, progress.done / progress.total) : undefined;
  const percent = fraction === undefined ? null : Math.floor(fraction * 100);
  const amount = progress ? amountText(progress) : '';
  // The button that started the work is gone: the person's focus (and screen reader) goes to what is happening.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="panel progress-panel" aria-labelledby="progress-title">
      <h1 id="progress-title" ref={heading} tabIndex={-1}>
        {title}
      </h1>
      <ol className="stages">
        {stages.map((stage, i) => {
          const state = i < currentIndex ? 'done' : i === currentIndex ? 'current' : 'todo';
          return (
            <li key={stage.id} className={`stage stage-${state}`} aria-current={state === 'current' ? 'step' : undefined}>
              <span className="stage-mark" aria-hidden="true">
                {state === 'done' ? '✓' : state === 'current' ? '●' : '○'}
              </span>
              {stage.label}
              {state === 'done' && <span className="visually-hidden"> (done)</span>}
            </li>
          );
        })}
      </ol>
      <label className="progress-label">
        <span>
          {current?.label ?? 'Starting'}
          {progress?.message ? ` — ${progress.message}` : ''}
        </span>
        <progress max={1} value={fraction} aria-valuetext={[percent === null ? null : `${percent}%`, amount].filter(Boolean).join(', ') || undefined} />
      </label>
      <p className="progress-numbers">
        <span className="progress-percent" data-testid="progress-percent">
          {percent === null ? '' : `${percent}%`}
        </span>
        <span className="progress-amount" data-testid="progress-amount">
          {amount}
        </span>
        <span className="progress-pace" data-testid="progress-pace">
          {progress ? pace(progress, estimate, lastWorkingStage(stages, currentIndex)) : ''}
        </span>
      </p>
      {cancelling && (
        // Said at once; the operation ends once the box has answered the request it was working on
        // (a next request must never overlap it), and, for an upload, discarded the unfinished one.
        <p role="status" className="cancelled-finishing" data-testid="cancelled-finishing">
          <strong>Cancelled.</strong> {BOX_STAGES.has(progress?.stage ?? 'connecting') ? 'Finishing with the box…' : 'Finishing…'}
        </p>
      )}
      {onCancel && (
        <div className="actions">
          <button type="button" onClick={onCancel} disabled={cancelling}>
            {cancelling ? 'Cancelling…' : 'Cancel'}
          </button>
        </div>
      )}
    </section>
  );
}
