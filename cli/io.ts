import { AppError, toErrorData } from '../shared/errors';
import { terminalValue } from '../shared/terminal';
import { EXIT, exitCodeFor } from './exit';

/** Where commands write; tests pass buffers. */
export interface CliIO {
  out(text: string): void;
  err(text: string): void;
  /** stderr is a terminal: a progress line may be redrawn in place. */
  errIsTTY?: boolean;
  /** Redraws the one progress line on stderr (an empty text clears it). */
  errUpdate?(text: string): void;
}

/**
 * A closed stdout (`idbox verify … | head -1`, `idbox pull --help | head -0`) is the end of the
 * reader's interest, not a failure: nothing more is written there, a running operation is cancelled
 * as Ctrl-C would (its temporary files removed; see ./interrupt.ts), and a command with nothing to
 * tidy up ends at once, quietly.
 */
let stdoutClosed = false;
const onClosed = new Set<() => void>();

/** Runs `fn` when the reader of stdout goes away; returns the way to stop listening. */
export function onStdoutClosed(fn: () => void): () => void {
  onClosed.add(fn);
  return () => onClosed.delete(fn);
}

let watching = false;
export function watchStdout(stream: NodeJS.WriteStream = process.stdout, exit: (code: number) => void = (code) => process.exit(code)): void {
  if (watching) return;
  watching = true;
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') {
      process.stderr.write(`idbox: the output could not be written (${err.code ?? 'error'}).\n`);
      return exit(70);
    }
    if (stdoutClosed) return;
    stdoutClosed = true;
    if (onClosed.size) for (const fn of onClosed) fn();
    else exit(typeof process.exitCode === 'number' ? process.exitCode : 0);
  });
}

export const processIO: CliIO = {
  out: (text) => {
    if (!stdoutClosed) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
  },
  err: (text) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`),
  errIsTTY: process.stderr.isTTY === true,
  // Carriage return + "erase line", cut to the terminal's width so it never wraps.
  errUpdate: (text) => process.stderr.write(`\r\x1b[2K${text.slice(0, Math.max(20, (process.stderr.columns || 80) - 1))}`),
};

/** Print a failure as one sentence (or JSON) and return its exit status. */
export function reportFailure(io: CliIO, err: unknown, json: boolean): number {
  const data = toErrorData(err);
  if (!(err instanceof AppError) && process.env.IDBOX_DEBUG) io.err(String(err instanceof Error ? err.stack : err));
  if (json) io.out(JSON.stringify({ ok: false, error: data }));
  else io.err(`idbox: ${terminalValue(data.message)}`);
  return exitCodeFor(data.code);
}

export { EXIT };
