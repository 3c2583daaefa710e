import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { isBackupPath, type FileEntry } from '../../shared/box-protocol';

/** Paths of a backup folder the protocol may carry (identity-box.md §5), sorted. */
export async function listBackupFiles(folder: string): Promise<string[]> {
  const top = await readdir(folder, { withFileTypes: true });
  const paths: string[] = [];
  for (const entry of top) {
    if (entry.isFile() && (entry.name === 'backup' || entry.name.endsWith('.pem'))) paths.push(entry.name);
  }
  const docs = await readdir(join(folder, 'did-docs'), { withFileTypes: true }).catch(() => []);
  for (const entry of docs) if (entry.isFile()) paths.push(`did-docs/${entry.name}`);
  return paths.filter(isBackupPath).sort();
}

export async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const READ_BYTES = 1024 * 1024;
/** Files up to this size are read in one synchronous call. */
export const SMALL_FILE = 256 * 1024;

function hashSmall(path: string): { size: number; sha256: string } {
  const data = readFileSync(path);
  return { size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

/** sha256 and length of a file, read in 1 MiB pieces (memory stays flat whatever its size). */
export async function hashFile(path: string): Promise<{ size: number; sha256: string }> {
  const handle = await open(path, 'r');
  try {
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    let size = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, READ_BYTES, size);
      if (bytesRead === 0) break;
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
    return { size, sha256: hash.digest('hex') };
  } finally {
    await handle.close();
  }
}

export interface DescribedFile extends FileEntry {
  /** What the hash was computed for; a read checks it still holds. */
  stamp: string;
  mtimeMs: number;
}

const stampOf = (info: { size: number; mtimeMs: number; ctimeMs: number; ino: number; dev: number }) =>
  `${info.dev}:${info.ino}:${info.size}:${info.mtimeMs}:${info.ctimeMs}`;

const MAX_CACHED = 20_000;

/**
 * Describes backup folders (path, size, sha256 of each file) and remembers each file's hash by
 * (device, inode, size, mtime, ctime): an export of N chunks stats the files on every call but
 * hashes each only once, so a large export is O(size), not O(size × calls).
 */
export function createDescriber(options: { onHash?: (path: string) => void } = {}) {
  const cache = new Map<string, { stamp: string; sha256: string }>();

  async function describe(folder: string): Promise<DescribedFile[]> {
    const files: DescribedFile[] = [];
    for (const path of await listBackupFiles(folder)) {
      const full = join(folder, path);
      // Synchronous: one request at a time reaches the service, and a backup is hundreds of small
      // files, for which thread-pool round trips cost more than the reads themselves.
      const info = statSync(full);
      const stamp = stampOf(info);
      let sha256 = cache.get(full)?.stamp === stamp ? cache.get(full)!.sha256 : null;
      if (sha256 === null) {
        options.onHash?.(path);
        const hashed = info.size <= SMALL_FILE ? hashSmall(full) : await hashFile(full);
        // Changed while being hashed: describe what was hashed now, the next call notices the change.
        sha256 = hashed.sha256;
        if (hashed.size === info.size) {
          cache.delete(full);
          cache.set(full, { stamp, sha256 });
          if (cache.size > MAX_CACHED) cache.delete(cache.keys().next().value!);
        }
      }
      files.push({ path, size: info.size, sha256, stamp, mtimeMs: info.mtimeMs });
    }
    return files;
  }

  return { describe, stampOf };
}

export { stampOf };
