import { createHash } from 'node:crypto';
import { chmod, lstat, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ReplyMessage } from '../../shared/box-protocol';
import { AppError } from '../../shared/errors';
import { acquireFileLock, type HeldLock } from '../file-lock';
import { PRODUCT_NAME } from '../paths';
import { boxEndpoint } from './endpoint';
import { instanceLockPath, learnInstance } from './instance';
import { normalizeBoxUrl } from './url';

/**
 * One lock per box, shared by every program of every user on this computer (the app, its automatic
 * archiving, any number of `idbox` processes, a cron job or `sudo idbox …` included): the real
 * rendezvous cannot take two requests at once. So it is keyed by the box, not by how it was named
 * (./endpoint.ts), and it lives in ONE fixed folder whatever a program's environment: a sticky,
 * world-writable folder in the system's temporary folder, with lock files every user can open.
 */
export const WAITING_MESSAGE = 'Waiting for another program that is using this box…';
/** A single request takes at most about a minute (session timeouts); a few of them may be queued. */
export const DEFAULT_MAX_WAIT_MS = 3 * 60_000;

/**
 * The lock folder: /tmp/identity-box-companion-locks (Linux, macOS: not $TMPDIR, which differs per
 * user and session), %ProgramData%\Identity Box Companion\locks (Windows). Test hook, honoured only
 * with IDBOX_TEST_HOOKS=1: IDBOX_LOCK_DIR.
 */
export function lockDirectory(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.IDBOX_TEST_HOOKS === '1' && env.IDBOX_LOCK_DIR) return env.IDBOX_LOCK_DIR;
  if (platform === 'win32') return join(env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData', PRODUCT_NAME, 'locks');
  return '/tmp/identity-box-companion-locks';
}

/** The lock file of a box: a hash of the box's key (the address itself is not written down). */
export async function boxLockPath(boxUrl: string, dir = lockDirectory()): Promise<string> {
  const key = createHash('sha256').update(await boxEndpoint(boxUrl)).digest('hex').slice(0, 32);
  return join(dir, `box-${key}.lock`);
}

const waited = (ms: number) => (ms >= 90_000 ? `over ${Math.round(ms / 60_000)} minutes` : `over ${Math.max(1, Math.round(ms / 1000))} seconds`);

/** Why a lock file or its folder cannot be used, in words, from the system's error. */
function reasonOf(code: string | undefined): string {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'it belongs to another user or its permissions shut this program out';
    case 'ELOOP':
      return 'it is a link, and lock files are never followed through links';
    case 'EISDIR':
      return 'it is a folder, not a file';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'something that is not a folder stands where its folder should be';
    case 'EROFS':
      return 'it is on a read-only disk';
    case 'ENOSPC':
      return 'its disk is full';
    case 'EUNSAFE':
      return 'another user made it so that any user may remove the locks in it';
    default:
      return `the system refused it (${code ?? 'unknown error'})`;
  }
}

/** The one sentence for a lock this program cannot use: this computer's problem, never the box's. */
export function lockUnusable(target: string, err: unknown, platform: NodeJS.Platform = process.platform): AppError {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  const fix = platform === 'win32' ? `delete "${target}" (as an administrator)` : `remove it with: sudo rm -rf '${target.replace(/'/g, `'\\''`)}'`;
  return new AppError(
    'lock-unusable',
    `This computer's lock for your box, ${target}, cannot be used because ${reasonOf(code)}; ${fix}, then try again (the box itself is fine).`,
    { file: target, reason: code ?? null },
  );
}

/** Creates the lock folder (sticky, writable by every user) or proves it is usable; the error names what to remove. */
async function prepareLockDirectory(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true, mode: 0o1777 });
    const st = await lstat(dir);
    if (!st.isDirectory()) throw Object.assign(new Error('not a folder'), { code: st.isSymbolicLink() ? 'ELOOP' : 'ENOTDIR' });
    const me = process.getuid?.();
    // mkdir's mode passes through the umask: the program that made it opens it to everyone.
    if (st.uid === me && (st.mode & 0o7777) !== 0o1777 && process.platform !== 'win32') await chmod(dir, 0o1777);
    // Made by another user, writable by others but not sticky: anyone could remove a held lock.
    if (me !== undefined && st.uid !== me && st.uid !== 0 && (st.mode & 0o022) !== 0 && (st.mode & 0o1000) === 0) {
      throw Object.assign(new Error('not sticky'), { code: 'EUNSAFE' });
    }
  } catch (err) {
    throw lockUnusable(dir, err);
  }
}

const isSystemError = (err: unknown) => !(err instanceof AppError) && typeof (err as NodeJS.ErrnoException | null)?.code === 'string';

/** Runs one request under the box lock, and notes the box's instance when its reply names one. */
export function lockedRequest<T extends ReplyMessage>(boxUrl: string, servicePath: string, request: () => Promise<T>, options: BoxLockOptions = {}): Promise<T> {
  const dir = options.dir ?? lockDirectory();
  return withBoxLock(
    boxUrl,
    async () => {
      const reply = await request();
      await learnInstance(boxUrl, dir, servicePath, reply);
      return reply;
    },
    { ...options, dir },
  );
}

export interface BoxLockOptions {
  signal?: AbortSignal;
  /** Called once when another program holds the box and this one starts waiting. */
  onWaiting?: () => void;
  maxWaitMs?: number;
  dir?: string;
}

/** The lock a program waiting for the box holds while it waits. */
export const turnstileOf = (boxLock: string) => `${boxLock}.turnstile`;

/** The box's locks, held: its address's, and its instance's once some program learned it (./instance.ts). */
export interface BoxLocks {
  /** The instance's lock, when it was learned after these were taken (by the reply just received). */
  addInstance(): Promise<void>;
  release(): Promise<void>;
}

/**
 * Takes the box's locks: its address's, then its instance's when known. A turnstile lock in front
 * of the box lock keeps it fair: a waiter holds the turnstile, so a program that just finished a
 * request cannot take the box again before the waiter had its turn (./lock-hold.ts yields to it).
 */
export async function takeBoxLocks(boxUrl: string, options: BoxLockOptions = {}): Promise<BoxLocks> {
  const dir = options.dir ?? lockDirectory();
  const path = await boxLockPath(boxUrl, dir);
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
  const take = (file: string) =>
    acquireFileLock(file, wait(), { removeOnRelease: true, shared: true }).catch((err: unknown) => {
      throw isSystemError(err) ? lockUnusable(file, err) : err;
    });
  await prepareLockDirectory(dir);
  const turnstile = await take(turnstileOf(path));
  let box: HeldLock;
  try {
    box = await take(path);
  } finally {
    await turnstile.release();
  }
  // The box's instance, once some program learned it (./instance.ts), is always taken last: no cycle.
  let instance: HeldLock | null = null;
  const addInstance = async () => {
    if (instance) return;
    const instancePath = await instanceLockPath(boxUrl, dir);
    if (!instancePath) return;
    // Behind the instance's own turnstile, as the address lock is behind its: a program holding the
    // box for a whole transfer sees someone waiting at another address of the same box, and yields.
    const gate = await take(turnstileOf(instancePath));
    try {
      instance = await take(instancePath);
    } finally {
      await gate.release();
    }
  };
  try {
    await addInstance();
  } catch (err) {
    await box.release();
    throw err;
  }
  return {
    addInstance,
    release: async () => {
      await instance?.release();
      await box.release();
    },
  };
}

/** Runs `task` (one rendezvous request) while no other program uses the box. */
export async function withBoxLock<T>(boxUrl: string, task: () => Promise<T>, options: BoxLockOptions = {}): Promise<T> {
  const locks = await takeBoxLocks(boxUrl, options);
  try {
    return await task();
  } finally {
    await locks.release();
  }
}
