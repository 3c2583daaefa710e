import nativeFs from 'fs-native-extensions';
import { constants, existsSync } from 'node:fs';
import { mkdir, open, stat, unlink, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AppError } from '../shared/errors';

/**
 * Locks shared by every process on this computer: an OS lock on an open file (fs-native-extensions:
 * fcntl open-file-description locks on Linux, flock on macOS, LockFileEx on Windows). The OS
 * releases a lock when its holder closes the file or dies, so a killed program never leaves a
 * stale lock behind. Two descriptors conflict even inside one process.
 */
export interface HeldLock {
  release(): Promise<void>;
}

export interface WaitOptions {
  signal?: AbortSignal;
  /** Called once, when someone else holds the lock and we start waiting. */
  onWaiting?: () => void;
  /** Give up after waiting this long, with the caller's error (it knows what the lock guards). */
  maxWaitMs: number;
  onGiveUp: () => Error;
  pollMs?: number;
}

const cancelled = () => new AppError('cancelled', 'The operation was cancelled.');

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(cancelled());
    const onAbort = () => {
      clearTimeout(timer);
      reject(cancelled());
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface LockFileOptions {
  removeOnRelease?: boolean;
  /**
   * A lock every user of this computer takes (the box lock): the file is opened read-write without
   * following a link, and made readable and writable by every user, whatever the umask. Its folder
   * is prepared by the caller.
   */
  shared?: boolean;
}

const SHARED_FLAGS = constants.O_RDWR | constants.O_CREAT | (constants.O_NOFOLLOW ?? 0);

async function openLockFile(path: string, shared: boolean): Promise<FileHandle> {
  if (!shared) return open(path, 'a+', 0o600);
  const handle = await open(path, SHARED_FLAGS, 0o666);
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw Object.assign(new Error(`${path} is not a file`), { code: 'EISDIR' });
    if ((st.mode & 0o777) !== 0o666 && st.uid === process.getuid?.()) await handle.chmod(0o666);
  } catch (err) {
    await handle.close();
    throw err;
  }
  return handle;
}

/** Takes the lock on `path` now, or returns null when another descriptor (any process) holds it. */
export async function tryFileLock(path: string, options: LockFileOptions = {}): Promise<HeldLock | null> {
  for (let attempt = 0; attempt < 5; attempt++) {
    let handle: FileHandle;
    try {
      handle = await openLockFile(path, options.shared === true);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && attempt < 4) continue; // unlinked under us
      throw err;
    }
    let locked: boolean;
    try {
      locked = nativeFs.tryLock(handle.fd);
    } catch (err) {
      await handle.close();
      throw err;
    }
    if (!locked) {
      await handle.close();
      return null;
    }
    // The previous holder may have removed the file between our open and our lock: then we hold a
    // lock on a file nobody else can find. Keep it only if the path still names our file.
    const [mine, current] = await Promise.all([handle.stat(), stat(path).catch(() => null)]);
    if (current && current.ino === mine.ino && current.dev === mine.dev) {
      let released = false;
      return {
        async release() {
          if (released) return;
          released = true;
          if (options.removeOnRelease) await unlink(path).catch(() => undefined);
          await handle.close();
        },
      };
    }
    await handle.close();
  }
  return null;
}

/** Whether some descriptor (another program, mostly) holds the lock on `path` now; false when there is no such file. Takes nothing. */
export async function lockIsHeld(path: string): Promise<boolean> {
  // Asked before every request of a transfer: no file (the usual answer) costs one stat, no thrown error.
  if (!existsSync(path)) return false;
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDWR | (constants.O_NOFOLLOW ?? 0));
  } catch {
    return false;
  }
  try {
    // Taken here means nobody held it; closing the file lets it go again.
    return !nativeFs.tryLock(handle.fd);
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

/** Waits (polling, cancellable) until the lock on `path` is ours. */
export async function acquireFileLock(path: string, wait: WaitOptions, options: LockFileOptions = {}): Promise<HeldLock> {
  if (!options.shared) await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const started = Date.now();
  let waiting = false;
  for (;;) {
    if (wait.signal?.aborted) throw cancelled();
    const held = await tryFileLock(path, options);
    if (held) return held;
    if (!waiting) {
      waiting = true;
      wait.onWaiting?.();
    }
    if (Date.now() - started > wait.maxWaitMs) throw wait.onGiveUp();
    const poll = wait.pollMs ?? 50;
    await sleep(poll / 2 + Math.random() * poll, wait.signal);
  }
}

/** Runs `task` while holding the lock on `path`; the lock is released whatever the task does. */
export async function withFileLock<T>(path: string, wait: WaitOptions, task: () => Promise<T>): Promise<T> {
  const held = await acquireFileLock(path, wait);
  try {
    return await task();
  } finally {
    await held.release();
  }
}

const queues = new Map<string, Promise<unknown>>();

/**
 * One writer at a time for a data file, across this process (one queue per file, whichever object
 * asks) and across processes (the OS lock on `<file>.lock`): for read-modify-write of a whole file.
 */
export function serializedFor(file: string, onGiveUp: () => Error, maxWaitMs = 60_000) {
  return <T>(task: () => Promise<T>): Promise<T> => {
    const locked = () => withFileLock(`${file}.lock`, { maxWaitMs, onGiveUp }, task);
    const run = (queues.get(file) ?? Promise.resolve()).then(locked, locked);
    const tail = run.catch(() => undefined);
    queues.set(file, tail);
    void tail.then(() => {
      if (queues.get(file) === tail) queues.delete(file);
    });
    return run;
  };
}
