import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ARCHIVE_EXTENSION, MANIFEST_NAME } from '../../shared/archive/manifest-core';

export type PathKind = 'missing' | 'file' | 'backup-folder' | 'archive-folder' | 'folder';

/**
 * What a path given to Inspect is, before it is inspected: nothing; a file; a raw backup folder
 * copied off a box (it holds the encrypted bundle, `backup`); a folder of `.idbox` archives (a stick,
 * a backups folder), inspected as a batch; or some other folder.
 */
export async function classifyPath(path: string): Promise<PathKind> {
  const info = await stat(path).catch(() => null);
  if (!info) return 'missing';
  if (!info.isDirectory()) return 'file';
  const names = await readdir(path).catch(() => [] as string[]);
  if (names.includes('backup')) return 'backup-folder';
  if (names.some((n) => n.endsWith(ARCHIVE_EXTENSION) && !n.startsWith('.'))) return 'archive-folder';
  return 'folder';
}

/** The `.idbox` files directly in a folder, by name (bounded). */
export async function archivesIn(directory: string, limit = 10_000): Promise<string[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  return names
    .filter((n) => n.endsWith(ARCHIVE_EXTENSION) && !n.startsWith('.'))
    .sort()
    .slice(0, limit)
    .map((n) => join(directory, n));
}

/**
 * Whether a file that failed to read as an archive ever began as one: a tar header (the "ustar"
 * magic at offset 257) or, in a file cut shorter than one header, the manifest's name first.
 * Otherwise it is some other file, and "cut short" would be the wrong thing to say.
 */
export async function beganAsArchive(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => null);
  if (!handle) return false;
  try {
    const head = Buffer.alloc(512);
    const { bytesRead } = await handle.read(head, 0, 512, 0);
    if (bytesRead >= 262 && head.subarray(257, 262).toString('latin1') === 'ustar') return true;
    const name = Buffer.from(MANIFEST_NAME, 'latin1');
    return bytesRead > 0 && bytesRead < 512 && head.subarray(0, Math.min(bytesRead, name.length)).equals(name.subarray(0, Math.min(bytesRead, name.length)));
  } finally {
    await handle.close();
  }
}
