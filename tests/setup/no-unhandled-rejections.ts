import { afterAll, afterEach } from 'vitest';
import { isToleratedRejection } from '../../services/rejections';

/**
 * Integration-suite guard: a long-lived service (host, automation, watcher) must never leave a
 * rejected promise unhandled, since in the app that ends the process. Any unhandled rejection
 * during a test fails that test (or the file, when it arrives after the last test). Only the
 * known third-party rejections the app tolerates on purpose (services/rejections.ts) pass.
 */
const seen: unknown[] = [];
const onRejection = (reason: unknown) => {
  if (!isToleratedRejection(reason)) seen.push(reason);
};
process.on('unhandledRejection', onRejection);

function check(): void {
  if (!seen.length) return;
  const reasons = seen.splice(0).map((r) => (r instanceof Error ? `${r.name}: ${r.message}` : String(r)));
  throw new Error(`Unhandled promise rejection(s) during this test: ${reasons.join('; ')}`);
}

afterEach(async () => {
  // Rejections are reported after a macrotask; give them one.
  await new Promise((resolve) => setImmediate(resolve));
  check();
});
afterAll(async () => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  check();
  process.off('unhandledRejection', onRejection);
});
