import { sha256 } from '@noble/hashes/sha2.js';
import { encodeBase64url, utf8 } from '../base64url';
import { FINGERPRINT_RE } from './manifest-core';

/**
 * A backup's fingerprint: what an archive of format 2 carries instead of the backup id (which is a
 * capability: with it anyone on the box's network can read or replace the backup). It groups the
 * copies of one backup and tells whether typed words belong to an archive, and grants nothing:
 * base64url-nopad(SHA-256(UTF-8 of FINGERPRINT_LABEL + backupId)), first 16 characters (96 bits).
 */
export const FINGERPRINT_LABEL = 'identity-box-companion/backup-fingerprint/v1:';
export const FINGERPRINT_LENGTH = 16;
export { FINGERPRINT_RE };

export function backupFingerprint(backupId: string): string {
  return encodeBase64url(sha256(utf8(`${FINGERPRINT_LABEL}${backupId}`))).slice(0, FINGERPRINT_LENGTH);
}

/**
 * How a backup is named to a person on every screen: the first 8 characters of what its archives
 * carry (sealed, format 2: the fingerprint; format 1: the id), so "Backup X…" on Copies, Settings and
 * Archive is the X of the archives' file names, of History, Restore and Inspect.
 */
export function backupLabel(backupId: string, sealed: boolean): string {
  return (sealed ? backupFingerprint(backupId) : backupId).slice(0, 8);
}
