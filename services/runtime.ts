import { mkdirSync } from 'node:fs';
import { createDispatcher, type Dispatcher } from '../shared/contract/dispatch';
import type { ServiceDeps } from './deps';
import { createHandlers } from './index';
import { createLogger } from './log';

const log = createLogger('services');

export interface Runtime {
  dispatcher: Dispatcher;
  dispose(): Promise<void>;
}

export { appVersion } from './paths';

/**
 * Composes the services into one dispatcher for a host (Electron, browser host, tests).
 * `deps` without onDispose: the runtime collects cleanups and runs them in dispose().
 */
export function createRuntime(
  deps: Omit<ServiceDeps, 'onDispose' | 'emit'>,
  sendEvent: (name: string, payload: unknown) => void,
): Runtime {
  mkdirSync(deps.dataDir, { recursive: true, mode: 0o700 });
  const cleanups: (() => void | Promise<void>)[] = [];
  let dispatcher: ReturnType<typeof createDispatcher> | null = null;
  const handlers = createHandlers({
    ...deps,
    onDispose: (fn) => cleanups.push(fn),
    emit: (name, payload) => dispatcher?.emit(name, payload),
  });
  dispatcher = createDispatcher(handlers, sendEvent, (line) => log.warn(line));
  return {
    dispatcher: dispatcher!,
    async dispose() {
      // Stopping the app cancels what is running: each operation removes its own temp files.
      dispatcher?.cancelAll();
      for (const fn of cleanups.reverse()) {
        try {
          await fn();
        } catch (err) {
          log.warn(`cleanup failed: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
    },
  };
}
