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

export const processIO: CliIO = {
  out: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
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
