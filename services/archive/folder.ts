import { createHash } from 'node:crypto';
import { constants } from 'node:fs';
import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { BACKUP_ID_RE } from '../../shared/backup-id';
import { byPath, isBackupPath, unsafeNameReason } from '../../shared/backup-path';
import type { FileEntry } from '../../shared/box-protocol';
import { AppError } from '../../shared/errors';
import { LIMITS } from './format';
import { OPEN_NONBLOCK } from './plain-path';

export interface BackupFolder {
  /** From the folder's name when it is a backup id. */
  backupId: string | null;
  files: FileEntry[];
  contents: Map<string, Buffer>;
  /** Entries that are not part of a backup folder (ignored, but worth reporting). */
  ignored: string[];
  /** Files in one of the three places whose name is not one safe path component: they cannot be carried. */
  refused: { path: string; reason: string }[];
}

/** Reads a raw box backup folder (`<backupId>/backup`, `*.pem`, `did-docs/*`) with limits. */
export async function readBackupFolder(folder: string, options: { maxEntries?: number } = {}): Promise<BackupFolder> {
  const maxEntries = options.maxEntries ?? 10_000;
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) throw new AppError('not-found', `"${folder}" is not a folder.`);
  // Inside the folder nothing is followed: the box never makes links, so a link (to a file outside,
  // or to a device) is ignored and reported, never read or packed. Only regular files are read.
  const files: FileEntry[] = [];
  const contents = new Map<string, Buffer>();
  const ignored: string[] = [];
  const refused: { path: string; reason: string }[] = [];
  let total = 0;

  const take = async (rel: string, abs: string) => {
    const st = await lstat(abs);
    if (!st.isFile()) return ignored.push(rel);
    if (!isBackupPath(rel)) {
      // A key file or DID document the rule refuses is not "ignored": it may be an identity's only key.
      const name = rel.startsWith('did-docs/') ? rel.slice('did-docs/'.length) : rel;
      const reason = unsafeNameReason(name);
      if ((rel.startsWith('did-docs/') || rel.endsWith('.pem')) && reason !== null) return refused.push({ path: rel, reason });
      return ignored.push(rel);
    }
    if (st.size > LIMITS.memberBytes) throw new AppError('archive-invalid', `${rel} is far larger than any backup file.`);
    total += st.size;
    if (total > LIMITS.totalBytes) throw new AppError('archive-invalid', 'This folder holds far more data than any backup.');
    const data = await readFile(abs, { flag: OPEN_NONBLOCK | constants.O_NOFOLLOW }).catch((err: NodeJS.ErrnoException) => {
      throw new AppError('permission-denied', `${rel} cannot be read (${err.code ?? 'error'}).`);
    });
    contents.set(rel, data);
    files.push({ path: rel, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
  };

  const top = await readdir(folder, { withFileTypes: true });
  if (top.length > maxEntries) throw new AppError('archive-invalid', `This folder has ${top.length} entries; a backup folder has a few dozen at most.`);
  for (const entry of top) {
    if (entry.name === 'did-docs' && entry.isDirectory()) {
      const docs = await readdir(join(folder, 'did-docs'), { withFileTypes: true });
      if (docs.length > maxEntries) throw new AppError('archive-invalid', `did-docs has ${docs.length} entries; a backup has a few dozen at most.`);
      for (const doc of docs) await take(`did-docs/${doc.name}`, join(folder, 'did-docs', doc.name));
    } else {
      await take(entry.name, join(folder, entry.name));
    }
  }
  files.sort((a, b) => byPath(a.path, b.path));
  const name = basename(folder);
  return { backupId: BACKUP_ID_RE.test(name) ? name : null, files, contents, ignored, refused };
}
