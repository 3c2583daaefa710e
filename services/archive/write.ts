import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import nativeFs from 'fs-native-extensions';
import { constants } from 'node:fs';
import { access, link, open, readdir, rename, rm, stat, statfs, unlink } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AppError } from '../../shared/errors';
import { fsyncDir } from '../atomic-json';
import { createLogger } from '../log';
import { verifyArchive, type ReadArchiveResult } from './format';

const log = createLogger('archive-write');
export const PARTIAL_PREFIX = '.idbox-partial-';
/** Room kept free beyond the archive itself (filesystem metadata, the catalog). */
const MARGIN = 128 * 1024;

const FS_TYPES: Record<number, string> = {
  0xef53: 'ext4',
  0x4d44: 'FAT',
  0x2011bab0: 'exFAT',
  0x5346544e: 'NTFS',
  0x65735546: 'FUSE (often exFAT or NTFS)',
  0x01021994: 'tmpfs',
  0x58465342: 'XFS',
  0x9123683e: 'Btrfs',
  0x6969: 'NFS',
  0x517b: 'SMB',
  0xfe534d42: 'SMB2',
  0x9660: 'ISO 9660',
  0x15013346: 'UDF',
  0x794c7630: 'overlay',
};

export interface Preflight {
  directory: string;
  filesystem: string;
  free: number;
  size: number;
}

/** What the OS said, as one of our codes and a sentence about the destination. */
export function destinationError(err: unknown, directory: string, phase: 'check' | 'write'): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  const where = basename(directory) || directory;
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return new AppError('destination-full', `There is not enough free space on "${where}". Your earlier archives there are untouched.`);
    case 'EROFS':
      return new AppError('destination-read-only', `"${where}" is read-only: nothing can be written there. Check the stick's lock switch, or choose another place.`);
    case 'EACCES':
    case 'EPERM':
      return new AppError('destination-read-only', `You are not allowed to write to "${where}". Choose another place.`);
    case 'ENOENT':
    case 'ENOTDIR':
      return phase === 'check'
        ? new AppError('destination-missing', `The folder "${directory}" does not exist. If it was on a stick, plug the stick in again; otherwise choose another folder.`)
        : new AppError('destination-removed', `"${where}" disappeared while writing (was the stick removed?). No half file was left under the archive's name.`);
    case 'EIO':
    case 'ENODEV':
    case 'ENXIO':
    case 'ESTALE':
    case 'ENOTCONN':
      return new AppError('destination-removed', `"${where}" stopped answering while writing (was the stick removed?). No half file was left under the archive's name.`);
    default:
      return new AppError('write-failed', `Writing to "${where}" failed (${code ?? 'unknown error'}). Your earlier archives are untouched.`);
  }
}

/** Destination exists, is a writable folder, and has room for `size` bytes plus a margin. */
export async function preflight(directory: string, size: number): Promise<Preflight> {
  try {
    const info = await stat(directory);
    if (!info.isDirectory()) throw new AppError('destination-missing', `"${directory}" is a file, not a folder. Choose a folder.`);
    await access(directory, constants.W_OK);
    const fs = await statfs(directory);
    const free = Number(fs.bavail) * Number(fs.bsize);
    const filesystem = FS_TYPES[Number(fs.type)] ?? 'unknown';
    if (free < size + MARGIN) {
      throw new AppError('destination-full', `"${basename(directory) || directory}" has ${Math.round(free / 1024)} KB free; the archive needs about ${Math.round((size + MARGIN) / 1024)} KB. Free some space or choose another place.`);
    }
    return { directory, filesystem, free, size };
  } catch (err) {
    throw destinationError(err, directory, 'check');
  }
}

export const cancelledError = () => new AppError('cancelled', 'The operation was cancelled. Nothing was written.');

/**
 * Reads the file back from the disk itself where the OS allows: on Linux through `dd iflag=direct`
 * (O_DIRECT needs aligned buffers, which Node cannot allocate), so the page cache cannot answer
 * for a stick that lost the data. Elsewhere (or where O_DIRECT is refused, e.g. tmpfs) a normal
 * read, and the result says the cache was not bypassed. A cancel stops the read at once.
 */
async function readBack(
  path: string,
  expectedSize: number,
  signal: AbortSignal | undefined,
  onBytes: (done: number) => void,
): Promise<{ size: number; sha256: string; cacheBypassed: boolean }> {
  if (signal?.aborted) throw cancelledError();
  if (process.platform === 'linux') {
    // Hashed as it streams in: memory stays at one pipe buffer, not the archive's size.
    const direct = await new Promise<{ size: number; sha256: string } | null>((resolveRead, rejectRead) => {
      const hash = createHash('sha256');
      let size = 0;
      // spawn, not execFile: execFile would also keep the whole output for its callback.
      const child = spawn('dd', [`if=${path}`, 'iflag=direct', 'bs=1M', 'status=none'], { stdio: ['ignore', 'pipe', 'ignore'] });
      const onAbort = () => {
        child.kill('SIGKILL');
        rejectRead(cancelledError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      child.stdout?.on('data', (c: Buffer) => {
        hash.update(c);
        size += c.length;
        if (size > expectedSize) child.kill('SIGKILL');
        onBytes(Math.min(size, expectedSize));
      });
      child.on('error', () => resolveRead(null));
      child.on('close', (code) => {
        signal?.removeEventListener('abort', onAbort);
        resolveRead(code === 0 && size === expectedSize ? { size, sha256: hash.digest('hex') } : null);
      });
    });
    if (direct) return { ...direct, cacheBypassed: true };
  }
  const handle = await open(path, 'r');
  try {
    const piece = Buffer.alloc(1024 * 1024);
    const hash = createHash('sha256');
    let size = 0;
    for (;;) {
      if (signal?.aborted) throw cancelledError();
      const { bytesRead } = await handle.read(piece, 0, piece.length, size);
      if (bytesRead === 0) break;
      hash.update(piece.subarray(0, bytesRead));
      size += bytesRead;
      onBytes(Math.min(size, expectedSize));
      if (size > expectedSize) break;
    }
    return { size, sha256: hash.digest('hex'), cacheBypassed: false };
  } finally {
    await handle.close();
  }
}

export interface DurableWrite {
  path: string;
  fileName: string;
  directory: string;
  bytes: number;
  sha256: string;
  cacheBypassed: boolean;
  filesystem: string;
  archive: ReadArchiveResult;
}

export type WriteStage = 'writing' | 'syncing' | 'verifying';

/** A fresh temp file name in the destination (PARTIAL_PREFIX, so a crash leaves it for cleanupPartials). */
export const tempArchivePath = (directory: string): string => join(directory, `${PARTIAL_PREFIX}${randomBytes(8).toString('hex')}`);

/**
 * Temp file in the destination -> write -> fsync -> close -> link/rename to a name that does not
 * exist yet -> fsync the folder -> read back from disk and compare every sha256. A failure at
 * any point leaves no file under an archive name and the earlier archives untouched.
 * (./stream-write.ts does the same for an archive that arrives piece by piece.)
 */
export async function writeArchiveDurably(
  directory: string,
  fileName: string,
  data: Buffer,
  options: { signal?: AbortSignal; onProgress?: (stage: WriteStage, done: number, total: number) => void } = {},
): Promise<DurableWrite> {
  const pre = await preflight(directory, data.length);
  const temp = tempArchivePath(directory);
  const sha256 = createHash('sha256').update(data).digest('hex');
  try {
    const handle = await open(temp, 'wx', 0o600);
    try {
      holdWhileWriting(handle.fd);
      const piece = 256 * 1024;
      for (let at = 0; at < data.length; at += piece) {
        if (options.signal?.aborted) throw cancelledError();
        await handle.write(data, at, Math.min(piece, data.length - at), at);
        options.onProgress?.('writing', Math.min(at + piece, data.length), data.length);
      }
      options.onProgress?.('syncing', 0, data.length);
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw destinationError(err, directory, 'write');
  }
  return commitAndVerify({ temp, directory, fileName, bytes: data.length, sha256, filesystem: pre.filesystem }, options);
}

/**
 * The second half of a durable write, for a temp file that is complete, fsynced and closed: give it
 * a name that does not exist yet, fsync the folder, read it back from the disk and check it.
 * Removes the temp file (or the named file) on any failure.
 */
export async function commitAndVerify(
  written: { temp: string; directory: string; fileName: string; bytes: number; sha256: string; filesystem: string },
  options: { signal?: AbortSignal; onProgress?: (stage: WriteStage, done: number, total: number) => void; keepContent?: (path: string, size: number) => boolean } = {},
): Promise<DurableWrite> {
  const { temp, directory, bytes, sha256 } = written;
  let final: string;
  try {
    if (options.signal?.aborted) throw cancelledError();
    final = await commitName(temp, directory, written.fileName);
    await fsyncDir(directory);
    options.onProgress?.('syncing', bytes, bytes);
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw destinationError(err, directory, 'write');
  }
  try {
    options.onProgress?.('verifying', 0, bytes);
    const back = await readBack(final, bytes, options.signal, (done) => options.onProgress?.('verifying', done, bytes));
    const { cacheBypassed } = back;
    if (back.size !== bytes || back.sha256 !== sha256) {
      throw new AppError('verify-failed', 'The archive did not read back exactly as written. The stick may be failing; the bad copy was removed.');
    }
    // What was read back from the disk is what the verdict judges (keepContent: the files it reads).
    const archive = await verifyArchive(final, { signal: options.signal, keepContent: options.keepContent });
    options.onProgress?.('verifying', bytes, bytes);
    log.info(`wrote and verified ${basename(final)} (${bytes} bytes, page cache ${cacheBypassed ? 'bypassed' : 'not bypassed'})`);
    return { path: final, fileName: basename(final), directory, bytes, sha256, cacheBypassed, filesystem: written.filesystem, archive };
  } catch (err) {
    await unlink(final).catch(() => undefined);
    if (err instanceof AppError && (err.code === 'verify-failed' || err.code === 'cancelled')) throw err;
    if (err instanceof AppError && (err.code === 'archive-corrupt' || err.code === 'archive-invalid')) {
      throw new AppError('verify-failed', 'The archive did not read back correctly. The stick may be failing; the bad copy was removed.');
    }
    throw destinationError(err, directory, 'write');
  }
}

/** An OS lock on the file being written, so other programs' clean-up leaves it alone; released on close or death. */
export function holdWhileWriting(fd: number): void {
  try {
    nativeFs.tryLock(fd);
  } catch {
    // A filesystem without locks: the clean-up's age rule still protects a file being written.
  }
}

/** Gives the temp file its final name without ever replacing an existing file. */
async function commitName(temp: string, directory: string, fileName: string): Promise<string> {
  const stem = fileName.replace(/\.idbox$/, '');
  for (let n = 0; n < 100; n++) {
    const candidate = join(directory, n === 0 ? fileName : `${stem}-${n}.idbox`);
    try {
      await link(temp, candidate); // fails with EEXIST instead of overwriting
      await unlink(temp);
      return candidate;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') continue;
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'EXDEV') {
        // FAT/exFAT have no hard links: check, then rename (single writer per destination).
        const exists = await stat(candidate).then(() => true, () => false);
        if (exists) continue;
        await rename(temp, candidate);
        return candidate;
      }
      throw err;
    }
  }
  throw new AppError('write-failed', 'Could not find a free file name for the archive.');
}

/** An unfinished archive file untouched for this long, and not locked by a writer, is stale. */
export const STALE_PARTIAL_MS = 10 * 60_000;

/**
 * Is this unfinished archive file left over (a crash, a pulled stick), rather than being written
 * right now by another pull (this app, its automation or an idbox process)? A writer holds an OS
 * lock on it while writing; a file is stale only when nobody holds it and it is old.
 */
async function isStalePartial(path: string, olderThanMs: number): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile() || Date.now() - info.mtimeMs < olderThanMs) return false;
  const handle = await open(path, 'r+').catch(() => null);
  if (!handle) return false;
  try {
    return nativeFs.tryLock(handle.fd);
  } catch {
    return true; // no locks on this filesystem: its age decides
  } finally {
    await handle.close();
  }
}

/** Removes stale temp files a crash or a pulled stick left behind, never another pull's; returns how many. */
export async function cleanupPartials(directory: string, options: { olderThanMs?: number } = {}): Promise<number> {
  let removed = 0;
  const entries = await readdir(directory).catch(() => [] as string[]);
  for (const name of entries.slice(0, 10_000)) {
    if (!name.startsWith(PARTIAL_PREFIX)) continue;
    if (!(await isStalePartial(join(directory, name), options.olderThanMs ?? STALE_PARTIAL_MS))) continue;
    await rm(join(directory, name), { force: true }).catch(() => undefined);
    removed += 1;
  }
  if (removed) log.info(`removed ${removed} unfinished archive file(s) from ${directory}`);
  return removed;
}
