import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bech32 } from '@scure/base';
import { mnemonicToEntropy } from '../mnemonic';
import { utf8 } from '../base64url';
import { SEAL_LABEL } from './manifest-core';

/**
 * The key that seals an archive's key files (format 2), derived from the owner's 24 words so that
 * only they can open them (README "Archive format 2"): the 32-byte backup key (the mnemonic's
 * entropy) -> HKDF-SHA256 (empty salt, info = SEAL_LABEL, 32 bytes) -> an X25519 secret key,
 * written as an age identity (AGE-SECRET-KEY-1…); its public key is the age recipient (age1…).
 * The label carries a version: a new derivation gets a new label, never a changed meaning.
 */
export { SEAL_LABEL };
export const RECIPIENT_RE = /^age1[02-9ac-hj-np-z]{58}$/;
export const IDENTITY_RE = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;

/** The X25519 secret key of a backup key (32 bytes). */
export function sealSecretFromBackupKey(backupKey: Uint8Array): Uint8Array {
  if (backupKey.length !== 32) throw new Error('a backup key is 32 bytes');
  return hkdf(sha256, backupKey, new Uint8Array(0), utf8(SEAL_LABEL), 32);
}

/** The X25519 secret key of a canonical mnemonic, or null when the words are not a valid box mnemonic. */
export function sealSecretFromMnemonic(canonicalMnemonic: string): Uint8Array | null {
  const entropy = mnemonicToEntropy(canonicalMnemonic);
  return entropy && entropy.length === 32 ? sealSecretFromBackupKey(entropy) : null;
}

/** The age identity string (AGE-SECRET-KEY-1…) of a secret key: what `age -d -i` reads. */
export function ageIdentity(secret: Uint8Array): string {
  return bech32.encode('age-secret-key-', bech32.toWords(secret), false).toUpperCase();
}

/** The age recipient (age1…) of a secret key: the public half, safe to remember. */
export function ageRecipient(secret: Uint8Array): string {
  return bech32.encode('age', bech32.toWords(x25519.getPublicKey(secret)), false);
}

/** The secret key inside an age identity string, or null when it is not one. */
export function secretFromIdentity(identity: string): Uint8Array | null {
  if (!IDENTITY_RE.test(identity)) return null;
  try {
    const { prefix, words } = bech32.decode(identity.toLowerCase() as `${string}1${string}`, false);
    const bytes = bech32.fromWords(words);
    return prefix === 'age-secret-key-' && bytes.length === 32 ? bytes : null;
  } catch {
    return null;
  }
}

/** The recipient (public key) for the owner's words: what the app remembers to seal without the words. */
export function recipientFromMnemonic(canonicalMnemonic: string): string | null {
  const secret = sealSecretFromMnemonic(canonicalMnemonic);
  return secret && ageRecipient(secret);
}

/** The identity (secret) for the owner's words: opens the archive's key files. */
export function identityFromMnemonic(canonicalMnemonic: string): string | null {
  const secret = sealSecretFromMnemonic(canonicalMnemonic);
  return secret && ageIdentity(secret);
}
