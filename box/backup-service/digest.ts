import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { BackupDigestRequest, backupDigest, type BackupDigestReply } from '../../shared/backup-digest';
import type { FileEntry } from '../../shared/box-protocol';

/** Larger files are not backup files (FileEntry's own limit); the digest refuses rather than reads them. */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * `backup-digest { backupId }` (shared/backup-digest.ts): reads each file once, streaming, and
 * answers with the digest of the file list, the count, the total size and the newest
 * modification time. Never content, never the id. `listBackupFiles` is the service's own
 * listing, so both methods see the same files.
 */
export async function digestBackup(root: string, params: unknown, listBackupFiles: (folder: string) => Promise<string[]>): Promise<BackupDigestReply> {
  const { backupId } = BackupDigestRequest.parse(params);
  const folder = join(root, backupId);
  const info = await stat(folder).catch(() => null);
  if (!info?.isDirectory()) return { notFound: true };
  const files: FileEntry[] = [];
  let newest = 0;
  for (const path of await listBackupFiles(folder)) {
    const full = join(folder, path);
    const fileInfo = await stat(full);
    if (fileInfo.size > MAX_FILE_BYTES) throw new Error(`${path} is larger than a backup file can be`);
    newest = Math.max(newest, fileInfo.mtimeMs);
    files.push({ path, size: fileInfo.size, sha256: await hashFile(full) });
  }
  const summary = backupDigest(files);
  return { ...summary, modified: files.length ? new Date(newest).toISOString() : null };
}
