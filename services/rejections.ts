/**
 * Known third-party promise rejections the app tolerates on purpose (for example the `usb`
 * module's "getDevices error" on machines without /sys/bus/usb, which it raises where no caller
 * can catch it). Everything else stays fatal in the app and fails the integration suite.
 */
type Matcher = (reason: unknown) => boolean;
const tolerated = new Set<Matcher>();

const onRejection = (reason: unknown) => {
  if (isToleratedRejection(reason)) return;
  throw reason;
};

/** Tolerates rejections that `match` recognises, for `ms` milliseconds; returns a function that stops it early. */
export function tolerateRejections(match: Matcher, ms: number): () => void {
  tolerated.add(match);
  if (!process.listeners('unhandledRejection').includes(onRejection)) {
    process.on('unhandledRejection', onRejection);
  }
  const stop = () => {
    tolerated.delete(match);
    if (!tolerated.size) process.off('unhandledRejection', onRejection);
  };
  setTimeout(stop, ms).unref?.();
  return stop;
}

export function isToleratedRejection(reason: unknown): boolean {
  for (const match of tolerated) if (match(reason)) return true;
  return false;
}
