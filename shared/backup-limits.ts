/**
 * What one backup folder can hold (identity-box.md §4): one bundle, one PEM and one DID document
 * per identity, each a few KB. A folder of ~1,000 files is already more than the box can take back
 * in one import (§5a), so these bounds leave a wide margin and still stop a hostile reply early.
 */
export const BACKUP_LIMITS = {
  files: 4096,
  fileBytes: 64 * 1024 * 1024,
  totalBytes: 256 * 1024 * 1024,
} as const;
