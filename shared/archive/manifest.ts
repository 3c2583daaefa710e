import { z } from 'zod';
import { BACKUP_ID_RE } from '../backup-id';
import { BACKUP_LIMITS, FileEntry } from '../box-protocol';

/**
 * The `.idbox` archive (architecture.md): a POSIX tar whose first member is manifest.json,
 * followed by the box's backup folder byte for byte under backup/. Anyone can check one with
 * `tar` and `sha256sum`; the app checks much more.
 */
export const ARCHIVE_FORMAT = 'idbox-archive';
export const ARCHIVE_FORMAT_VERSION = 1;
export const MANIFEST_NAME = 'manifest.json';
export const MEMBER_PREFIX = 'backup/';
export const ARCHIVE_EXTENSION = '.idbox';

export const Manifest = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  formatVersion: z.literal(ARCHIVE_FORMAT_VERSION),
  createdAt: z.iso.datetime(),
  app: z.object({ name: z.string().max(200), version: z.string().max(50) }),
  source: z.object({ box: z.string().max(500).nullable() }),
  backupId: z.string().regex(BACKUP_ID_RE),
  files: z.array(FileEntry).min(1).max(BACKUP_LIMITS.files),
});
export type Manifest = z.infer<typeof Manifest>;

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** idbox-<first 8 chars of backupId>-<UTC yyyymmddThhmmssZ>.idbox */
export function archiveFileName(backupId: string, date: Date): string {
  return `idbox-${backupId.slice(0, 8)}-${stamp(date)}${ARCHIVE_EXTENSION}`;
}

export const ARCHIVE_NAME_RE = /^idbox-[A-Za-z0-9_-]{8}-\d{8}T\d{6}Z(?:-\d+)?\.idbox$/;
