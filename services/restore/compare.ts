import { backupDigest } from '../../shared/backup-digest';
import { AppError } from '../../shared/errors';
import { readArchive } from '../archive/format';
import { createBoxClient, type BoxClient } from '../box/client';

export interface CopySide {
  files: number;
  /** The backup's own files, summed (not the archive file's size), so both sides compare alike. */
  bytes: number;
  /** Archive: when it was made. Box: when its copy last changed (null when the box does not say). */
  when: string | null;
}

/**
 * Both sides of "your box already has a different copy": what the box holds for this backup and
 * what the archive holds, so replacing one with the other is not a blind choice.
 */
type Comparison = { archive: CopySide; box: CopySide | null; same: boolean; keepsReplaced: boolean };

export async function compareWithBox(archivePath: string, boxUrl: string, backupId: string, signal?: AbortSignal): Promise<Comparison> {
  const client = createBoxClient(boxUrl);
  // From backup-service 1.2 (formatVersion 2) a replace keeps the replaced copy: the confirmation says so.
  const keepsReplaced = (await client.backupServiceAbout(signal)).formatVersion >= 2;
  return { ...(await compare(client, archivePath, backupId, signal)), keepsReplaced };
}

async function compare(client: BoxClient, archivePath: string, backupId: string, signal?: AbortSignal): Promise<Omit<Comparison, 'keepsReplaced'>> {
  const read = await readArchive(archivePath, { signal });
  const mine = backupDigest(read.manifest.files);
  const archive = { files: mine.files, bytes: mine.bytes, when: read.manifest.createdAt };
  const digest = await client.backupDigest(backupId, signal);
  if (digest !== 'unknown') {
    if ('notFound' in digest) return { archive, box: null, same: false };
    return { archive, box: { files: digest.files, bytes: digest.bytes, when: digest.modified }, same: digest.digest === mine.digest };
  }
  // An older backup-service has no digest: read the box's file list instead (no date then).
  try {
    const current = await client.exportBackup(backupId, { signal });
    const theirs = backupDigest(current.files);
    return { archive, box: { files: theirs.files, bytes: theirs.bytes, when: null }, same: theirs.digest === mine.digest };
  } catch (err) {
    if (err instanceof AppError && err.code === 'backup-not-found') return { archive, box: null, same: false };
    throw err;
  }
}
