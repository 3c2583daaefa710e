import type { ProgressEvent } from '../../shared/contract/app';

export interface Stage {
  id: string;
  label: string;
}

interface Props {
  stages: Stage[];
  progress: ProgressEvent | null;
  onCancel?: () => void;
  title?: string;
}

function formatAmount(done: number, total: number | null): string {
  if (total === null) return '';
  if (total > 4096) return `${(done / 1_048_576).toFixed(1)} of ${(total / 1_048_576).toFixed(1)} MB`;
  return `${done} of ${total}`;
}

/** Named stages with a progress bar and a cancel button, so waiting never looks frozen. */
export function ProgressView({ stages, progress, onCancel, title = 'Working…' }: Props) {
  const currentIndex = progress ? stages.findIndex((s) => s.id === progress.stage) : 0;
  const current = stages[Math.max(currentIndex, 0)];
  const fraction =
    progress && progress.total ? Math.min(1, progress.done / progress.total) : undefined;
  return (
    <section className="panel progress-panel" aria-labelledby="progress-title">
      <h2 id="progress-title">{title}</h2>
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
        <span>{current?.label ?? 'Starting'}{progress?.message ? ` — ${progress.message}` : ''}</span>
        <progress max={1} value={fraction} aria-valuetext={progress ? formatAmount(progress.done, progress.total) : undefined} />
      </label>
      <p className="progress-amount" aria-live="polite">
        {progress ? formatAmount(progress.done, progress.total) : ''}
      </p>
      {onCancel && (
        <div className="actions">
          <button type="button" onClick={onCancel}>
            Cancel
          </button>
        </div>
      )}
    </section>
  );
}
