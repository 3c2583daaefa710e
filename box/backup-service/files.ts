import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { byPath, isBackupPath, uncarriedFileSentence, unsafeNameReason } from '../../shared/backup-path';
import type { FileEntry } from '../../shared/box-protocol';
import { ServiceError } from './errors';

/** A name as the disk has it: refused when its bytes are not valid UTF-8 (readdir would have replaced them). */
function nameOf(raw: Buffer): string | null {
  const name = raw.toString('utf8');
  return Buffer.from(name, 'utf8').equals(raw) ? name : null;
}

/**
 * Paths of a backup folder the protocol carries (identity-box.md §4), sorted: every regular file in
 * the three kinds of place, whatever its name, as long as the name is one safe path component
 * (shared/backup-path.ts). A file there whose name the rule refuses is never skipped in silence:
 * the call fails with a sentence, since that file may be the only copy of an identity's key.
 */
export async function listBackupFiles(folder: string): Promise<string[]> {
  const paths: string[] = [];
  const refused: string[] = [];
  const consider = (prefix: string, raw: Buffer, wanted: (name: string) => boolean) => {
    const name = nameOf(raw);
    if (name === null) return refused.push('it is not valid UTF-8');
    if (!wanted(name)) return;
    const reason = unsafeNameReason(name);
    if (reason !== null || !isBackupPath(`${prefix}${name}`)) return refused.push(reason ?? 'it is the box\'s own key');
    paths.push(`${prefix}${name}`);
  };
  for (const entry of await readdir(folder, { withFileTypes: true, encoding: 'buffer' })) {
    if (entry.isFile()) consider('', entry.name, (name) => name === 'backup' || name.endsWith('.pem'));
  }
  const docs = await readdir(join(folder, 'did-docs'), { withFileTypes: true, encoding: 'buffer' }).catch(() => []);
  for (const entry of docs) if (entry.isFile()) consider('did-docs/', entry.name, () => true);
  if (refused.length) throw new ServiceError(uncarriedFileSentence(refused.length, refused[0]!));
  return paths.sort(byPath);
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
