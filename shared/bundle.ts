import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { z } from 'zod';
import { decodeBase64url, decodeJsonBase64url, encodeBase64url, encodeJsonBase64url, fromUtf8, utf8 } from './base64url';
import { AppError } from './errors';

/**
 * The phone's encrypted bundle (identity-box.md §3):
 *   encryptedBackup = base64url(nonce24 || secretbox(base64url(JSON bundle), key))
 * The key is the 32 bytes of mnemonic entropy, used directly. The decrypted bundle holds private
 * keys: it stays in memory, and only summarizeBundle()'s counts and names may be shown.
 */
export const NONCE_BYTES = 24;
export const TAG_BYTES = 16;

const KeyPair = z.object({ publicKeyBase64: z.string(), secretKeyBase64: z.string() });
export const OwnIdentity = z.object({
  did: z.string(),
  name: z.string(),
  keyName: z.string().optional(),
  encryptionKey: KeyPair,
  signingKey: KeyPair,
});
export type OwnIdentity = z.infer<typeof OwnIdentity>;

export interface Bundle {
  ownIdentities: (OwnIdentity | null)[];
  /** peer name -> DID; the phone writes [] when the user never added a peer. */
  peerIdentities: Record<string, string>;
}

export interface BundleSummary {
  own: number;
  peers: number;
  /** Display names of the own identities (public, shown so the owner recognises the backup). */
  names: string[];
  dids: string[];
}

/** Builds the encryptedBackup string exactly as the IdApp does. */
export function encryptBundle(bundle: Bundle, key: Uint8Array, nonce: Uint8Array = randomBytes(NONCE_BYTES)): string {
  const peers = Object.keys(bundle.peerIdentities).length ? bundle.peerIdentities : [];
  const inner = encodeJsonBase64url({
    ownIdentities: bundle.ownIdentities.map((identity) => encodeJsonBase64url(identity)),
    peerIdentities: encodeJsonBase64url(peers),
  });
  const sealed = xsalsa20poly1305(key, nonce).encrypt(utf8(inner));
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce);
  out.set(sealed, NONCE_BYTES);
  return encodeBase64url(out);
}

export interface BundleShape {
  ok: boolean;
  /** Why it is not a well-formed bundle, in plain words. */
  problem?: string;
  bytes: number;
}

const NOT_TEXT = 'The encrypted backup is not in the expected text form (base64url).';

const isBase64urlCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;

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
      for (let i = 0; i < piece.length; i++) {
        if (!isBase64urlCode(typeof piece === 'string' ? piece.charCodeAt(i) : piece[i]!)) {
          text = false;
          return;
        }
      }
      chars += piece.length;
    },
    result(): BundleShape {
      if (!text || chars === 0 || chars % 4 === 1) return { ok: false, bytes: 0, problem: NOT_TEXT };
      const bytes = Math.floor((chars * 3) / 4);
      if (bytes < NONCE_BYTES + TAG_BYTES + 1) return { ok: false, bytes, problem: 'The encrypted backup is too short to hold anything.' };
      return { ok: true, bytes };
    },
  };
}

/** A structural check that needs no key: base64url, and at least nonce + tag long. */
export function bundleShape(encryptedBackup: string): BundleShape {
  const check = bundleShapeChecker();
  check.update(encryptedBackup);
  return check.result();
}

/**
 * Opens the bundle with the key. Throws AppError 'mnemonic-mismatch' when it does not open (wrong
 * words), 'archive-corrupt' when it opens but is not a bundle.
 */
export function decryptBundle(encryptedBackup: string, key: Uint8Array): Bundle {
  const shape = bundleShape(encryptedBackup);
  if (!shape.ok) throw new AppError('archive-corrupt', shape.problem ?? 'The encrypted backup is damaged.');
  const bytes = decodeBase64url(encryptedBackup);
  let plain: Uint8Array;
  try {
    plain = xsalsa20poly1305(key, bytes.subarray(0, NONCE_BYTES)).decrypt(bytes.subarray(NONCE_BYTES));
  } catch {
    throw new AppError('mnemonic-mismatch', 'These words do not open this backup.');
  }
  try {
    return parseBundle(fromUtf8(plain));
  } catch {
    throw new AppError('archive-corrupt', 'The backup opened with these words, but what is inside is not a backup we understand.');
  }
}

function parseBundle(text: string): Bundle {
  const outer = z
    .object({ ownIdentities: z.array(z.string().nullable()), peerIdentities: z.string().optional() })
    .parse(decodeJsonBase64url(text));
  const ownIdentities = outer.ownIdentities.map((entry) => {
    if (entry === null) return null;
    const decoded = decodeJsonBase64url(entry);
    return decoded === null ? null : OwnIdentity.parse(decoded);
  });
  const peersRaw = outer.peerIdentities === undefined ? [] : decodeJsonBase64url(outer.peerIdentities);
  const peerIdentities = Array.isArray(peersRaw) ? {} : z.record(z.string(), z.string()).parse(peersRaw);
  return { ownIdentities, peerIdentities };
}

/** Counts, names and DIDs only: never keys. */
export function summarizeBundle(bundle: Bundle): BundleSummary {
  const own = bundle.ownIdentities.filter((i): i is OwnIdentity => i !== null);
  return {
    own: own.length,
    peers: Object.keys(bundle.peerIdentities).length,
    names: own.map((i) => i.name),
    dids: own.map((i) => i.did),
  };
}

/** The box key name of an identity: keyName, or the display name for identities made before Oct 2019. */
export function boxKeyName(identity: OwnIdentity): string {
  return identity.keyName ?? identity.name;
}
