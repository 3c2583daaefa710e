import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { acquireFileLock } from '../file-lock';
import { PRODUCT_NAME } from '../paths';
import { normalizeBoxUrl } from './url';

/**
 * One lock per box, shared by every program on this computer (the app, its automatic archiving,
 * any number of `idbox` processes): the real rendezvous cannot take two requests at once.
 * It lives in the user's runtime folder, not the data folder, so programs with different data
 * folders (IDBOX_DATA_DIR) still share it.
 */
export const WAITING_MESSAGE = 'Waiting for another program that is using this box…';
/** A single request takes at most about a minute (session timeouts); a few of them may be queued. */
export const DEFAULT_MAX_WAIT_MS = 3 * 60_000;

export function lockDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.IDBOX_LOCK_DIR) return env.IDBOX_LOCK_DIR;
  if (platform === 'win32') return join(env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'), PRODUCT_NAME, 'locks');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Caches', PRODUCT_NAME, 'locks');
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'identity-box-companion');
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'identity-box-companion', 'locks');
}

/** The lock file of a box: a hash of its normalized address (the address itself is not written down). */
export function boxLockPath(boxUrl: string, dir = lockDirectory()): string {
  const key = createHash('sha256').update(normalizeBoxUrl(boxUrl)).digest('hex').slice(0, 32);
  return join(dir, `box-${key}.lock`);
}

const waited = (ms: number) => (ms >= 90_000 ? `over ${Math.round(ms / 60_000)} minutes` : `over ${Math.max(1, Math.round(ms / 1000))} seconds`);

export interface BoxLockOptions {
  signal?: AbortSignal;
  /** Called once when another program holds the box and this one starts waiting. */
  onWaiting?: () => void;
  maxWaitMs?: number;
  dir?: string;
}

/**
 * Runs `task` (one rendezvous request) while no other program uses the box. A turnstile lock in
 * front of the box lock keeps it fair: a waiter holds the turnstile, so a program that just
 * finished a request cannot take the box again before the waiter had its turn.
 */
export async function withBoxLock<T>(boxUrl: string, task: () => Promise<T>, options: BoxLockOptions = {}): Promise<T> {
  const path = boxLockPath(boxUrl, options.dir);
  const host = new URL(normalizeBoxUrl(boxUrl)).host;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  const started = Date.now();
  let told = false;
  const wait = () => ({
    signal: options.signal,
    onWaiting: () => {
      if (told) return;
      told = true;
      options.onWaiting?.();
    },
    maxWaitMs: Math.max(0, maxWaitMs - (Date.now() - started)),
    onGiveUp: () =>
      new AppError(
        'box-busy',
        `Another program on this computer has been using your box at ${host} for ${waited(maxWaitMs)}, so this one stopped waiting. Let the other program finish (or close it), then try again.`,
      ),
  });
  const turnstile = await acquireFileLock(`${path}.turnstile`, wait(), { removeOnRelease: true });
  let box;
  try {
    box = await acquireFileLock(path, wait(), { removeOnRelease: true });
  } finally {
    await turnstile.release();
  }
  try {
    return await task();
  } finally {
    await box.release();
  }
}
