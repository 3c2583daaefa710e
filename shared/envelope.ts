import { hsalsa, xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { z } from 'zod';
import { decodeBase64url, decodeBase64urlBytes, decodeJsonBase64url, encodeBase64url, encodeJsonBase64url, fromUtf8, utf8 } from './base64url';

/**
 * The rendezvous envelope (identity-box.md §5), NaCl `box` = X25519 -> HSalsa20 -> XSalsa20-Poly1305:
 *   inner    = UTF-8 of base64url(JSON.stringify(message))
 *   sealed   = box(inner, nonce24, theirPublicKey, mySecretKey)
 *   envelope = base64url(JSON.stringify({ encryptedMessage: base64url(sealed), encodedNonce: base64url(nonce24) }))
 * Byte-exact with tweetnacl (see envelope.test.ts): a malformed envelope crashes the real box.
 */
export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

export function generateKeyPair(): KeyPair {
  const secretKey = randomBytes(32);
  return { publicKey: x25519.getPublicKey(secretKey), secretKey };
}

export function keyPairFromSecretKey(secretKey: Uint8Array): KeyPair {
  return { publicKey: x25519.getPublicKey(secretKey), secretKey };
}

// "expand 32-byte k", little-endian words, as NaCl's crypto_core_hsalsa20 uses it.
const SIGMA = new Uint32Array([0x61707865, 0x3320646e, 0x79622d32, 0x6b206574]);

function toWords(bytes: Uint8Array): Uint32Array {
  const out = new Uint32Array(bytes.length / 4);
  for (let i = 0; i < out.length; i++) {
    out[i] = bytes[4 * i]! | (bytes[4 * i + 1]! << 8) | (bytes[4 * i + 2]! << 16) | (bytes[4 * i + 3]! << 24);
  }
  return out;
}

function fromWords(words: Uint32Array): Uint8Array {
  const out = new Uint8Array(words.length * 4);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    out[4 * i] = w & 0xff;
    out[4 * i + 1] = (w >>> 8) & 0xff;
    out[4 * i + 2] = (w >>> 16) & 0xff;
    out[4 * i + 3] = (w >>> 24) & 0xff;
  }
  return out;
}

/** NaCl box.before: the shared key for a pair. */
export function boxBefore(theirPublicKey: Uint8Array, mySecretKey: Uint8Array): Uint8Array {
  const shared = x25519.getSharedSecret(mySecretKey, theirPublicKey);
  const out = new Uint32Array(8);
  hsalsa(SIGMA, toWords(shared), new Uint32Array(4), out);
  return fromWords(out);
}

export function boxSeal(message: Uint8Array, nonce: Uint8Array, sharedKey: Uint8Array): Uint8Array {
  return xsalsa20poly1305(sharedKey, nonce).encrypt(message);
}

/** Returns null when the box does not open (wrong key or tampered). */
export function boxOpen(sealed: Uint8Array, nonce: Uint8Array, sharedKey: Uint8Array): Uint8Array | null {
  try {
    return xsalsa20poly1305(sharedKey, nonce).decrypt(sealed);
  } catch {
    return null;
  }
}

const EnvelopeJson = z.object({ encryptedMessage: z.string(), encodedNonce: z.string() });

export function sealEnvelope(message: unknown, sharedKey: Uint8Array, nonce: Uint8Array = randomBytes(24)): string {
  const inner = utf8(encodeJsonBase64url(message));
  const sealed = boxSeal(inner, nonce, sharedKey);
  return encodeJsonBase64url({ encryptedMessage: encodeBase64url(sealed), encodedNonce: encodeBase64url(nonce) });
}

export type OpenResult = { ok: true; message: unknown } | { ok: false; reason: 'malformed' | 'does-not-open' | 'not-json' };

export function openEnvelope(envelope: unknown, sharedKey: Uint8Array): OpenResult {
  if (typeof envelope !== 'string') return { ok: false, reason: 'malformed' };
  let sealed: Uint8Array;
  let nonce: Uint8Array;
  try {
    const parsed = EnvelopeJson.parse(decodeJsonBase64url(envelope));
    sealed = decodeBase64url(parsed.encryptedMessage);
    nonce = decodeBase64url(parsed.encodedNonce);
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (nonce.length !== 24 || sealed.length < 16) return { ok: false, reason: 'malformed' };
  const inner = boxOpen(sealed, nonce, sharedKey);
  if (!inner) return { ok: false, reason: 'does-not-open' };
  try {
    return { ok: true, message: JSON.parse(fromUtf8(decodeBase64urlBytes(inner))) };
  } catch {
    return { ok: false, reason: 'not-json' };
  }
}

/** The `publicKey` event payload: base64url(JSON.stringify({ publicKey: base64url(key) })). */
export function encodePublicKeyPayload(publicKey: Uint8Array): string {
  return encodeJsonBase64url({ publicKey: encodeBase64url(publicKey) });
}

export function decodePublicKeyPayload(payload: unknown): Uint8Array | null {
  if (typeof payload !== 'string') return null;
  try {
    const { publicKey } = z.object({ publicKey: z.string() }).parse(decodeJsonBase64url(payload));
    const key = decodeBase64url(publicKey);
    return key.length === 32 ? key : null;
  } catch {
    return null;
  }
}
