import type { ReplyMessage } from '../../shared/box-protocol';
import { lockIsHeld } from '../file-lock';
import { instanceLockPath, learnInstance } from './instance';
import { boxLockPath, lockDirectory, lockedRequest, takeBoxLocks, turnstileOf, type BoxLockOptions, type BoxLocks } from './lock';

/**
 * One whole download or upload holds the box's lock from its first request to its last, instead of
 * taking and dropping the lock files around each request (some 2 ms of file-system calls each, 50
 * of them per 50 MB). Other programs still take turns with it: before each request the holder
 * looks whether a program is waiting (it holds the box's turnstile while it waits, ./lock.ts), and
 * if one is, lets the box go and queues behind it as any program would. The OS releases the locks
 * if this program dies; a cancel or an error ends the hold once the request in flight is answered.
 * Keyed by the box's address as the transport names it (one queue per address in this process).
 */
interface Hold {
  users: number;
  dir: string;
  locks: BoxLocks | null;
  turnstile: string | null;
  /** The turnstile of the box's instance lock (another address of the same box); undefined until looked up. */
  instanceTurnstile?: string | null;
  /** The requests under this hold, one after another, then the release. */
  tail: Promise<unknown>;
}

const holds = new Map<string, Hold>();

/** Holds the box's lock for `task` (a whole transfer); requests of this process to that address run under it. */
export async function withBoxHeld<T>(boxUrl: string, task: () => Promise<T>, dir = lockDirectory()): Promise<T> {
  let hold = holds.get(boxUrl);
  if (!hold) {
    hold = { users: 0, dir, locks: null, turnstile: null, tail: Promise.resolve() };
    holds.set(boxUrl, hold);
  }
  hold.users += 1;
  try {
    return await task();
  } finally {
    hold.users -= 1;
    const h = hold;
    // Let go once the request in flight (a cancelled one too) has been answered; not while another transfer holds it.
    h.tail = h.tail.then(async () => {
      if (h.users > 0 || !h.locks) return;
      const locks = h.locks;
      h.locks = null;
      if (holds.get(boxUrl) === h) holds.delete(boxUrl);
      await locks.release().catch(() => undefined);
    });
  }
}

/** One request under the box's lock: the transfer's hold when there is one, else the lock for this request alone. */
export function boxRequest<T extends ReplyMessage>(boxUrl: string, servicePath: string, request: () => Promise<T>, options: BoxLockOptions = {}): Promise<T> {
  const hold = holds.get(boxUrl);
  if (!hold || hold.users === 0 || (options.dir && options.dir !== hold.dir)) return lockedRequest(boxUrl, servicePath, request, options);
  const run = hold.tail.then(async () => {
    const opts = { ...options, dir: hold.dir };
    hold.turnstile ??= turnstileOf(await boxLockPath(boxUrl, hold.dir));
    if (hold.instanceTurnstile === undefined) {
      const instancePath = await instanceLockPath(boxUrl, hold.dir);
      hold.instanceTurnstile = instancePath ? turnstileOf(instancePath) : null;
    }
    // Another program waits for the box, at this address or another of the same box: it gets its
    // turn now, this transfer queues behind it.
    const waiting = async () => (await lockIsHeld(hold.turnstile!)) || (hold.instanceTurnstile ? await lockIsHeld(hold.instanceTurnstile) : false);
    if (hold.locks && (await waiting())) {
      const locks = hold.locks;
      hold.locks = null;
      await locks.release();
    }
    hold.locks ??= await takeBoxLocks(boxUrl, opts);
    const reply = await request();
    // The box named its instance (only an `about` reply can): from now on its lock is held too.
    if (await learnInstance(boxUrl, hold.dir, servicePath, reply)) {
      await hold.locks.addInstance();
      hold.instanceTurnstile = undefined;
    }
    return reply;
  });
  hold.tail = run.catch(() => undefined);
  return run;
}
