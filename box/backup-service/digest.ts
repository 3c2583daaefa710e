import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupDigestRequest, backupDigest, type BackupDigestReply } from '../../shared/backup-digest';
import type { DescribedFile } from './files';

/** Larger files are not backup files (FileEntry's own limit); the digest refuses rather than reports them. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/**
 * `backup-digest { backupId }` (shared/backup-digest.ts): the digest of the file list, the count,
 * the total size and the newest modification time. Never content, never the id. `describe` is the
 * service's own describer, so both methods see the same files and share its hashes: a pull asks
 * for the digest first (for its progress total) and the export that follows hashes nothing again.
 */
export async function digestBackup(root: string, params: unknown, describe: (folder: string) => Promise<DescribedFile[]>): Promise<BackupDigestReply> {
  const { backupId } = BackupDigestRequest.parse(params);
  const folder = join(root, backupId);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) return { notFound: true };
  const files = await describe(folder);
  const tooLarge = files.find((f) => f.size > MAX_FILE_BYTES);
  if (tooLarge) throw new Error(`${tooLarge.path} is larger than a backup file can be`);
  const newest = files.reduce((max, f) => Math.max(max, f.mtimeMs), 0);
  const summary = backupDigest(
    files.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
    (bytes) => createHash('sha256').update(bytes).digest('hex'),
  );
  return { ...summary, modified: files.length ? new Date(newest).toISOString() : null };
}
