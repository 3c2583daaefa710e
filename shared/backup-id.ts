import { sha512 } from '@noble/hashes/sha2.js';
import { BACKUP_ID_RE } from './archive/manifest-core';
import { encodeBase64url, utf8 } from './base64url';

/** backupId = base64url-nopad(SHA-512(UTF-8 of the canonical mnemonic)): 86 characters. */
export function backupIdFromMnemonic(canonicalMnemonic: string): string {
  return encodeBase64url(sha512(utf8(canonicalMnemonic)));
}

export { BACKUP_ID_RE };

export function isBackupId(value: string): boolean {
  return BACKUP_ID_RE.test(value) && /[AQgw]$/.test(value);
}
