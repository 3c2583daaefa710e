import { onStdoutClosed } from './io';

/**
 * Runs a long command so that Ctrl-C cancels it the way the app's Cancel button does: the first
 * SIGINT (or SIGTERM) aborts the operation, which removes its temporary files and ends with a
 * "cancelled" failure (exit 130); a second one ends the process at once.
 */
export async function withInterrupt<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    if (controller.signal.aborted) process.exit(130);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  // The reader of stdout went away: cancel the same way, once.
  const stopWatching = onStdoutClosed(() => controller.abort());
  try {
    return await run(controller.signal);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    stopWatching();
  }
}
