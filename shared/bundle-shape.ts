/**
 * The phone's encrypted bundle (identity-box.md §3) as far as it can be judged without the key:
 * base64url(nonce24 || secretbox(...)). Kept apart from ./bundle.ts (which opens it) so that a
 * reader that only checks shapes loads no cipher and no schema library.
 */
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;

export interface BundleShape {
  ok: boolean;
  /** Why it is not a well-formed bundle, in plain words. */
  problem?: string;
  bytes: number;
}

const NOT_TEXT = 'The encrypted backup (the file "backup") is damaged: it is not in the form every encrypted backup has, so it cannot be opened.';

/** The base64url alphabet: A-Z a-z 0-9 - _ (text is tested natively; a JavaScript loop per byte is slow until optimized). */
const BASE64URL_RE = /^[A-Za-z0-9_-]*$/;
const BASE64URL = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_') BASE64URL[c.charCodeAt(0)] = 1;

/**
 * Every byte or UTF-16 code unit of the piece is in the alphabet. A reader in Node passes bytes as
 * latin1 text (one character per byte), which is tested fastest.
 */
function allBase64url(piece: Uint8Array | string): boolean {
  if (typeof piece === 'string') return BASE64URL_RE.test(piece);
  for (let i = 0; i < piece.length; i++) if (BASE64URL[piece[i]!] !== 1) return false;
  return true;
}

/**
 * The bundle's structural check, fed piece by piece (an archive's bundle is checked as it is read,
 * never held whole): base64url only, a length base64url can have, and at least nonce + tag long.
 */
export function bundleShapeChecker() {
  let chars = 0;
  let text = true;
  return {
    update(piece: Uint8Array | string): void {
      if (!text) return;
      if (!allBase64url(piece)) text = false;
      else chars += piece.length;
    },
    result(): BundleShape {
      if (!text || chars === 0 || chars % 4 === 1) return { ok: false, bytes: 0, problem: NOT_TEXT };
      const bytes = Math.floor((chars * 3) / 4);
      if (bytes < NONCE_BYTES + TAG_BYTES + 1) return { ok: false, bytes, problem: 'The encrypted backup is too short to hold anything.' };
      return { ok: true, bytes };
    },
  };
}

/**
 * A structural check that needs no key: base64url, and at least nonce + tag long. Given as text or
 * as the file's bytes; nothing of its size is allocated.
 */
export function bundleShape(encryptedBackup: string | Uint8Array): BundleShape {
  const check = bundleShapeChecker();
  check.update(encryptedBackup);
  return check.result();
}

