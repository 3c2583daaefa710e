import { z } from 'zod';
import { BACKUP_LIMITS, FileEntry } from '../box-protocol';
import { backupFingerprint } from './fingerprint';
import {
  ARCHIVE_FORMAT,
  BACKUP_ID_RE,
  FINGERPRINT_RE,
  isKeyFile,
  SEALING,
  sealedSize,
  ARCHIVE_EXTENSION,
  type Manifest as ManifestShape,
  type ManifestFile,
  type ManifestV1 as ManifestV1Shape,
  type ManifestV2 as ManifestV2Shape,
  type SealedFileEntry as SealedFileEntryShape,
} from './manifest-core';

export {
  AGE_X25519_HEADER_BYTES,
  ARCHIVE_EXTENSION,
  ARCHIVE_FORMAT,
  ARCHIVE_FORMAT_VERSION,
  ARCHIVE_FORMAT_VERSIONS,
  isKeyFile,
  MANIFEST_NAME,
  memberEntries,
  MEMBER_PREFIX,
  SEALING,
  sealedSize,
} from './manifest-core';

/**
 * The `.idbox` archive (architecture.md): a POSIX tar whose first member is manifest.json,
 * followed by the box's backup folder under backup/. Anyone can check one with `tar` and
 * `sha256sum`; the app checks much more.
 * - Format 1: the files byte for byte; the manifest holds the backup id.
 * - Format 2: each key file (`.pem`) sealed to the owner's words in the age format (./seal-key.ts);
 *   the manifest holds a fingerprint of the backup id (./fingerprint.ts), never the id.
 * This is the schema of the contract; readers check a manifest with ./manifest-check.ts, which
 * states the same rules without zod (tested equal on hostile inputs: manifest-check.test.ts).
 */
const Common = {
  format: z.literal(ARCHIVE_FORMAT),
  createdAt: z.iso.datetime(),
  app: z.object({ name: z.string().max(200), version: z.string().max(50) }),
  source: z.object({ box: z.string().max(500).nullable() }),
};

export const ManifestV1 = z.object({
  ...Common,
  formatVersion: z.literal(1),
  backupId: z.string().regex(BACKUP_ID_RE),
  files: z.array(FileEntry).min(1).max(BACKUP_LIMITS.files),
});
export type ManifestV1 = ManifestV1Shape;

/** A file of format 2: path, size and sha256 are the box's own file's (so the box's digest is computed without words); `sealed` is the member in the archive. */
export const SealedFileEntry = FileEntry.extend({
  sealed: z.object({ size: z.number().int().nonnegative().max(BACKUP_LIMITS.fileBytes), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).optional(),
});
export type SealedFileEntry = SealedFileEntryShape;

export const ManifestV2 = z
  .object({
    ...Common,
    formatVersion: z.literal(2),
    backupFingerprint: z.string().regex(FINGERPRINT_RE),
    sealing: z.object({ scheme: z.literal(SEALING.scheme), keyDerivation: z.literal(SEALING.keyDerivation) }),
    files: z.array(SealedFileEntry).min(1).max(BACKUP_LIMITS.files),
  })
  .strict()
  .refine((m) => m.files.every((f) => isKeyFile(f.path) === (f.sealed !== undefined)), 'every key file, and only key files, is sealed')
  .refine((m) => m.files.every((f) => !f.sealed || f.sealed.size === sealedSize(f.size)), 'a sealed size does not match its file');
export type ManifestV2 = ManifestV2Shape;

export const Manifest = z.union([ManifestV1, ManifestV2]);
export type Manifest = ManifestShape;

// The schema and the hand-written shapes (./manifest-core.ts) describe the same objects.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShapes: [Same<z.infer<typeof ManifestV1>, ManifestV1Shape>, Same<z.infer<typeof ManifestV2>, ManifestV2Shape>, Same<z.infer<typeof SealedFileEntry>, SealedFileEntryShape>, Same<FileEntry, ManifestFile>] = [true, true, true, true];
void sameShapes;

/** The fingerprint of the archive's backup (format 1 computes it from the id it holds). */
export function manifestFingerprint(m: Manifest): string {
  return m.formatVersion === 1 ? backupFingerprint(m.backupId) : m.backupFingerprint;
}

/** Whether an archive belongs to the backup with this id (from the words, or remembered). */
export function manifestBelongsTo(m: Manifest, backupId: string): boolean {
  return m.formatVersion === 1 ? m.backupId === backupId : m.backupFingerprint === backupFingerprint(backupId);
}

/** The box's files (path, size, sha256 of the original bytes): what the box's digest is made of. */
export function boxFiles(m: Manifest): FileEntry[] {
  return m.files.map((f) => ({ path: f.path, size: f.size, sha256: f.sha256 }));
}

/** Shown wherever an archive's backup is named: format 1, the id's first 8 characters (as before); format 2, the fingerprint's (the archive holds no id). */
export const manifestLabel = (m: Manifest) => (m.formatVersion === 1 ? m.backupId : m.backupFingerprint).slice(0, 8);

function stamp(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

/** idbox-<first 8 chars of the label (format 1: the backup id; format 2: the fingerprint)>-<UTC yyyymmddThhmmssZ>.idbox */
export function archiveFileName(label: string, date: Date): string {
  return `idbox-${label.slice(0, 8)}-${stamp(date)}${ARCHIVE_EXTENSION}`;
}

export const ARCHIVE_NAME_RE = /^idbox-[A-Za-z0-9_-]{8}-\d{8}T\d{6}Z(?:-\d+)?\.idbox$/;
