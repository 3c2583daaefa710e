/**
 * What an `.idbox` archive's manifest is, without a schema library: the names, the shapes (as
 * TypeScript types) and the helpers every reader needs. `./manifest.ts` holds the zod schema that
 * states the same rules for the contract; `./manifest-check.ts` checks a manifest against them in
 * one lean pass (the batch verify reads thousands of manifests and loads no schema library).
 */
export const ARCHIVE_FORMAT = 'idbox-archive';
/** The format this app writes when it can seal (it reads both). */
export const ARCHIVE_FORMAT_VERSION = 2;
export const ARCHIVE_FORMAT_VERSIONS = [1, 2] as const;
export const MANIFEST_NAME = 'manifest.json';
export const MEMBER_PREFIX = 'backup/';
export const ARCHIVE_EXTENSION = '.idbox';
/** The HKDF label that derives the sealing key from the words (./seal-key.ts). */
export const SEAL_LABEL = 'identity-box-companion/archive-seal/v1';
/** How format 2 seals key files: age (age-encryption.org/v1), one X25519 recipient, derived with SEAL_LABEL. */
export const SEALING = { scheme: 'age-x25519', keyDerivation: SEAL_LABEL } as const;

/** A backup id (./backup-id.ts): base64url-nopad of a SHA-512, 86 characters. */
export const BACKUP_ID_RE = /^[A-Za-z0-9_-]{86}$/;
/** A backup's fingerprint (./fingerprint.ts): 16 base64url characters. */
export const FINGERPRINT_RE = /^[A-Za-z0-9_-]{16}$/;

/** A file of the box's backup folder: its path in the folder, size and SHA-256 (hex). */
export interface ManifestFile {
  path: string;
  size: number;
  sha256: string;
}

interface ManifestCommon {
  format: typeof ARCHIVE_FORMAT;
  createdAt: string;
  app: { name: string; version: string };
  source: { box: string | null };
}

export interface ManifestV1 extends ManifestCommon {
  formatVersion: 1;
  backupId: string;
  files: ManifestFile[];
}

/** A file of format 2: path, size and sha256 are the box's own file's (so the box's digest is computed without words); `sealed` is the member in the archive. */
export interface SealedFileEntry extends ManifestFile {
  sealed?: { size: number; sha256: string };
}

export interface ManifestV2 extends ManifestCommon {
  formatVersion: 2;
  backupFingerprint: string;
  sealing: { scheme: typeof SEALING.scheme; keyDerivation: typeof SEALING.keyDerivation };
  files: SealedFileEntry[];
}

export type Manifest = ManifestV1 | ManifestV2;

/** A key file is sealed; every other file is carried as the box keeps it. */
export const isKeyFile = (path: string) => path.endsWith('.pem');

/**
 * The size of an age file (one X25519 recipient) holding `size` bytes: the header (168 bytes: the
 * version line, one X25519 stanza, the MAC line), a 16-byte nonce, then 64 KiB chunks each with a
 * 16-byte tag (at least one chunk). The writer checks every sealed file against it.
 */
export const AGE_X25519_HEADER_BYTES = 168;
export function sealedSize(size: number): number {
  return AGE_X25519_HEADER_BYTES + 16 + size + 16 * Math.max(1, Math.ceil(size / 65536));
}

/** What each member under backup/ must be (size and sha256 of the bytes in the archive). */
export function memberEntries(m: Manifest): ManifestFile[] {
  return m.formatVersion === 1 ? m.files : m.files.map((f) => ({ path: f.path, ...(f.sealed ?? { size: f.size, sha256: f.sha256 }) }));
}
