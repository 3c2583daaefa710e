import { constants, fstatSync, lstatSync, openSync, closeSync, readSync, statSync, type Stats } from 'node:fs';
import { lstat, open, stat } from 'node:fs/promises';
import { AppError } from '../../shared/errors';

/**
 * Only regular files and folders are read, checked with lstat before anything is opened: a
 * device (/dev/zero, a disk) reads without end and a FIFO blocks the thread that opens it, which
 * stalls every other file call of the process. A link the user named is followed once, to what it
 * points at, which must pass the same check; links inside a backup folder are never followed.
 */
export const NOT_A_FILE = 'This is not a file or a folder (it is a device, a pipe or a socket), so it cannot hold an archive or a backup.';

/** Opening flags that never block on a FIFO that slipped in after the check. */
export const OPEN_NONBLOCK = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

function judge(path: string, info: Stats): 'file' | 'directory' {
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'directory';
  throw new AppError('archive-invalid', NOT_A_FILE, { reason: 'not-a-file' });
}

function missing(err: unknown, path: string): AppError {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new AppError('not-found', 'There is no file or folder at this path.');
  if (code === 'EACCES' || code === 'EPERM') return new AppError('permission-denied', 'This path cannot be read: access was refused.');
  if (code === 'ELOOP') return new AppError('archive-invalid', 'This path is a loop of links.', { reason: 'not-a-file' });
  return new AppError('permission-denied', `This path cannot be read (${code ?? 'error'}).`, { path });
}

/** What a path the user named is: a regular file or a folder (following one link), else an AppError. */
export async function plainPathKind(path: string): Promise<{ kind: 'file' | 'directory'; size: number }> {
  let info: Stats;
  try {
    info = await lstat(path);
    if (info.isSymbolicLink()) info = await stat(path);
  } catch (err) {
    throw missing(err, path);
  }
  return { kind: judge(path, info), size: info.size };
}

export function plainPathKindSync(path: string): { kind: 'file' | 'directory'; size: number } {
  let info: Stats;
  try {
    info = lstatSync(path);
    if (info.isSymbolicLink()) info = statSync(path);
  } catch (err) {
    throw missing(err, path);
  }
  return { kind: judge(path, info), size: info.size };
}

/** A small regular file (a words file, a marker), read whole only when it is at most `maxBytes`. */
export async function readSmallRegularFile(path: string, maxBytes: number): Promise<Buffer> {
  const { kind, size } = await plainPathKind(path);
  if (kind !== 'file') throw new AppError('archive-invalid', 'This is a folder, not a file.', { reason: 'not-a-file' });
  if (size > maxBytes) throw new AppError('archive-invalid', `This file is far larger than expected (${size} bytes).`, { reason: 'too-large' });
  const handle = await open(path, OPEN_NONBLOCK);
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > maxBytes) throw new AppError('archive-invalid', NOT_A_FILE, { reason: 'not-a-file' });
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

/** Synchronous whole read of a regular file already checked; fstat again after opening (no swap in between). */
export function readCheckedFileSync(path: string, maxBytes: number): Buffer | null {
  const fd = openSync(path, OPEN_NONBLOCK);
  try {
    const info = fstatSync(fd);
    judge(path, info);
    if (info.isDirectory()) throw new AppError('archive-invalid', 'This is a folder, not an archive file.', { reason: 'not-tar' });
    return info.size <= maxBytes ? readWhole(fd, info.size) : null;
  } finally {
    closeSync(fd);
  }
}

/** The `size` bytes of an open file (fewer if it shrank), without asking its size again. */
function readWhole(fd: number, size: number): Buffer {
  const buf = Buffer.allocUnsafe(size);
  let got = 0;
  while (got < size) {
    const n = readSync(fd, buf, got, size - got, got);
    if (n === 0) break;
    got += n;
  }
  return got === size ? buf : buf.subarray(0, got);
}

/**
 * A file a folder listing just called a regular file, read without checking it again first (a
 * batch saves one system call per archive; it is checked once open, as every read is): its bytes
 * when it is one and at most `maxBytes`, null when larger, undefined when it does not open as a
 * regular file any more, for the caller to judge it the careful way (plainPathKindSync) and say why.
 */
export function readListedFileSync(path: string, maxBytes: number): Buffer | null | undefined {
  let fd: number;
  try {
    fd = openSync(path, OPEN_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    const info = fstatSync(fd);
    if (!info.isFile()) return undefined;
    return info.size <= maxBytes ? readWhole(fd, info.size) : null;
  } finally {
    closeSync(fd);
  }
}
