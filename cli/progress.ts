import { createRateMeter } from '../shared/rate';
import { formatBytes, formatDuration, formatRate } from '../shared/units';
import { setQuiet } from '../services/log';
import type { CliIO } from './io';

/**
 * The services' own log lines (timestamps, module names) are for the app's log, not for a person
 * at a terminal or a script reading stderr: pull and restore silence them unless IDBOX_LOG is set.
 */
export function quietServiceLogs(env: NodeJS.ProcessEnv = process.env): void {
  if (env.IDBOX_LOG === undefined) setQuiet(true);
}

/** What each stage is called on the command line (pull and restore share some). */
const LABELS: Record<string, string> = {
  connecting: 'connecting to the box',
  downloading: 'downloading the backup',
  checking: 'checking every file',
  writing: 'writing the archive',
  syncing: 'syncing to the disk',
  verifying: 'reading it back to verify',
  comparing: 'looking at what the box already has',
  uploading: 'putting the backup on the box',
  done: 'done',
};

export type ProgressMode = 'line' | 'stages' | 'json' | 'none';

/**
 * How a command shows progress: one updating line on a terminal (stderr), one line per stage
 * when stderr is a file or pipe, JSON lines on stdout with --progress-json, nothing with --json.
 */
export function progressMode(io: CliIO, opts: { json?: boolean; progressJson?: boolean }): ProgressMode {
  if (opts.progressJson) return 'json';
  if (opts.json) return 'none';
  return io.errIsTTY && io.errUpdate ? 'line' : 'stages';
}

/** A progress reporter for one long command; `finish()` clears the updating line. */
export function createCliProgress(io: CliIO, mode: ProgressMode, now: () => number = () => Date.now(), seeds: Readonly<Record<string, number>> = {}) {
  // Seeded with this box's last measured speeds (shared/pace.ts), as the app's screens are.
  const meter = createRateMeter(seeds);
  let lastStage: string | null = null;
  let lastAt = 0;
  let drawn = false;

  const line = (stage: string, done: number, total: number | null): string => {
    const label = LABELS[stage] ?? stage;
    const parts = [label.charAt(0).toUpperCase() + label.slice(1)];
    if (total !== null && total > 0) parts.push(`${Math.floor(Math.min(1, done / total) * 100)}%`, `${formatBytes(done)} of ${formatBytes(total)}`);
    else if (done > 0) parts.push(`${formatBytes(done)} so far`);
    const { rate, secondsLeft } = meter.estimate(now());
    if (rate !== null) parts.push(formatRate(rate));
    if (secondsLeft !== null && secondsLeft >= 1) parts.push(`about ${formatDuration(secondsLeft)} left`);
    return parts.join('  ');
  };

  return {
    onProgress(stage: string, done: number, total: number | null): void {
      const at = now();
      meter.add({ stage, done, total, at });
      const newStage = stage !== lastStage;
      const finished = total !== null && done >= total;
      lastStage = stage;
      if (mode === 'none') return;
      if (mode === 'stages') {
        if (newStage) io.err(`… ${LABELS[stage] ?? stage}`);
        return;
      }
      // At most ten updates a second, but never skip a new or finished stage.
      if (!newStage && !finished && at - lastAt < 100) return;
      lastAt = at;
      if (mode === 'json') {
        const { rate, secondsLeft } = meter.estimate(at);
        io.out(JSON.stringify({ type: 'progress', stage, done, total, unit: 'bytes', rate, secondsLeft }));
        return;
      }
      io.errUpdate?.(line(stage, done, total));
      drawn = true;
    },
    /** A message between progress updates (e.g. waiting for the box's lock) on its own line. */
    note(text: string): void {
      if (drawn) io.errUpdate?.('');
      drawn = false;
      if (mode !== 'none') io.err(text);
    },
    finish(): void {
      if (drawn) io.errUpdate?.('');
      drawn = false;
    },
  };
}
