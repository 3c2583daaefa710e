/**
 * The one rule for names in a box backup folder (identity-box.md §4), used by the backup-service
 * (export, digest, import), the archive writer and reader, pack, inspect and restore.
 *
 * A backup folder holds `backup`, `<keyName>.pem` and `did-docs/<ipnsName>`. A legacy key name is
 * the identity's display name, so a key file may be called `Zoë's phone.pem`, `山田 太郎.pem` or
 * `📱 Tel.pem`: every such file is carried byte-exact, name included. The only names refused are
 * those that are not one safe path component; refusing one is an error a person sees.
 */
export const MAX_NAME_BYTES = 255;

/** C0 controls, DEL and C1 controls. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** UTF-8 length of a string that holds no lone surrogate. */
function utf8Bytes(name: string): number {
  let bytes = 0;
  for (const ch of name) {
    const cp = ch.codePointAt(0)!;
    bytes += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return bytes;
}

/** Why a name is not one safe path component, in words for support staff; null when it is one. */
export function unsafeNameReason(name: string): string | null {
  if (name.length === 0) return 'it is empty';
  if (name === '.' || name === '..') return `it is "${name}"`;
  if (/[\ud800-\udfff]/u.test(name)) return 'it is not valid UTF-8'; // a lone surrogate
  if (name.includes('\ufffd')) return 'it is not valid UTF-8';
  if (name.includes('/') || name.includes('\\')) return 'it contains a slash';
  if (CONTROL.test(name)) return 'it contains a control character';
  if (utf8Bytes(name) > MAX_NAME_BYTES) return `it is longer than ${MAX_NAME_BYTES} bytes`;
  return null;
}

export const isSafeName = (name: string): boolean => unsafeNameReason(name) === null;

export type BackupPlace = 'bundle' | 'key-file' | 'did-document';

/** Which of the three kinds of place a path is, or null for anything else. */
export function backupPlaceOf(path: string): BackupPlace | null {
  if (path === 'backup') return 'bundle';
  if (path.startsWith('did-docs/')) return isSafeName(path.slice('did-docs/'.length)) ? 'did-document' : null;
  // `self` is the box's own key: the box never writes it into a backup, and it is never put back.
  if (path.endsWith('.pem') && path !== 'self.pem') return isSafeName(path) ? 'key-file' : null;
  return null;
}

/** Paths inside a backup folder: `backup`, `<name>.pem`, `did-docs/<name>`, each name one safe component. */
export const isBackupPath = (path: string): boolean => backupPlaceOf(path) !== null;

/**
 * A name found in one of the three places that the rule refuses, as a sentence: the file cannot be
 * carried, and it may be the only copy of an identity's key.
 */
export function uncarriedFileSentence(count: number, reason: string): string {
  return `${count === 1 ? 'A file' : `${count} files`} in your box's backup could not be copied because ${count === 1 ? 'its name' : 'a name'} is not allowed (${reason}). Nothing was written; ask support to rename ${count === 1 ? 'that key file' : 'those files'} on the box, then archive again.`;
}

/** Lists names in sorted order the way every side sorts them (UTF-16 code units, as backupDigest). */
export const byPath = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
