import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ARCHIVE_EXTENSION } from '../../shared/archive/manifest';
import { AppError } from '../../shared/errors';

/** Archives found directly in a folder (a stick's root, or any folder), newest first. */
export async function listArchives(directory: string) {
  const names = await readdir(directory).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new AppError('not-found', `The folder "${directory}" does not exist.`);
    throw new AppError('permission-denied', `The folder "${directory}" cannot be read.`);
  });
  const found = [];
  for (const name of names.filter((n) => n.endsWith(ARCHIVE_EXTENSION) && !n.startsWith('.')).slice(0, 10_000)) {
    const info = await stat(join(directory, name)).catch(() => null);
    if (info?.isFile()) found.push({ path: join(directory, name), fileName: name, bytes: info.size, modifiedAt: info.mtime.toISOString() });
  }
  return found.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || b.fileName.localeCompare(a.fileName));
}
