import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, on request. A large pull keeps little alive (one reply, about 1 MB in
 * each of its layers) but makes some 6 MB of garbage per reply; V8 lets that pile up to 60-90 MB
 * before it collects, which is most of the pull's peak memory. Collecting every few megabytes
 * keeps the peak near what is really in use, for a few milliseconds each time.
 * Node exposes gc() only behind a flag: set here, the function is taken from a fresh context, so
 * the program's own global object is left as it was. Where that fails, nothing happens.
 */
let collect: (() => void) | null | undefined;

export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

/** Calls collectGarbage each time `bytes` more have gone through. */
export function garbagePacer(bytes: number, collectNow: () => void = collectGarbage): (total: number) => void {
  let next = bytes;
  return (total) => {
    if (total < next) return;
    next = total + bytes;
    collectNow();
  };
}
