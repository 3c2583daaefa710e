import { poly1305 } from '@noble/ciphers/_poly1305.js';
import { hsalsa, xsalsa20, xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { equalBytes, randomBytes } from '@noble/ciphers/utils.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { z } from 'zod';
import { base64urlLength, decodeBase64url, decodeBase64urlBytes, decodeJsonBase64url, encodeBase64url, encodeBase64urlInto, encodeJsonBase64url, fromUtf8, Scratch, utf8 } from './base64url';

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

/**
 * A runtime's own NaCl primitives (Node: node:crypto's X25519 and libsodium's secretbox, about 20x
 * the pure code's speed on large messages). shared/ stays pure: Node-side modules install it
 * (services/box/native-crypto.ts); each one must give exactly the bytes of the pure code
 * (native-crypto.test.ts checks them against it and tweetnacl). A missing member uses the pure code.
 */
export interface NaclBackend {
  /** A fresh X25519 key pair. */
  generateKeyPair?(): KeyPair;
  /**
   * Raw X25519; throws when the result is all zeros (a low-order public key). null = a secret key
   * this backend did not make: let the pure code do it.
   */
  sharedSecret?(theirPublicKey: Uint8Array, mySecretKey: Uint8Array): Uint8Array | null;
  /** XSalsa20-Poly1305 secretbox, output tag(16) || ciphertext; null = let the pure code do it. */
  seal?(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | null;
  /** null when it does not open; undefined = let the pure code do it. `inPlace`: the sealed bytes may be overwritten. */
  open?(sealed: Uint8Array, nonce: Uint8Array, key: Uint8Array, inPlace?: boolean): Uint8Array | null | undefined;
}
let backend: NaclBackend = {};

export function setNaclBackend(next: NaclBackend | null): void {
  backend = next ?? {};
}

export function generateKeyPair(): KeyPair {
  if (backend.generateKeyPair) return backend.generateKeyPair();
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
  const shared = backend.sharedSecret?.(theirPublicKey, mySecretKey) ?? x25519.getSharedSecret(mySecretKey, theirPublicKey);
  const out = new Uint32Array(8);
  hsalsa(SIGMA, toWords(shared), new Uint32Array(4), out);
  return fromWords(out);
}

export function boxSeal(message: Uint8Array, nonce: Uint8Array, sharedKey: Uint8Array): Uint8Array {
  return backend.seal?.(message, nonce, sharedKey) ?? xsalsa20poly1305(sharedKey, nonce).encrypt(message);
}

/** Returns null when the box does not open (wrong key or tampered). `inPlace`: `sealed` may be overwritten. */
export function boxOpen(sealed: Uint8Array, nonce: Uint8Array, sharedKey: Uint8Array, inPlace = false): Uint8Array | null {
  const opened = backend.open?.(sealed, nonce, sharedKey, inPlace);
  if (opened !== undefined) return opened;
  try {
    return xsalsa20poly1305(sharedKey, nonce).decrypt(sealed);
  } catch {
    return null;
  }
}

/** Room a secretbox opened in place needs before its sealed bytes: keystream byte 32 must meet the ciphertext. */
export const OPEN_IN_PLACE_ROOM = 16;
const MAC_PIECE = 64 * 1024;

/**
 * Opens the secretbox whose sealed bytes (tag || ciphertext) are `work[OPEN_IN_PLACE_ROOM..]`
 * without another buffer of its size (the pure cipher's own decrypt copies its input, and its
 * Poly1305 copies what it is given: here it is given 64 KiB at a time). The plaintext is a view
 * into `work`, which is overwritten. `nonce` must not live in `work`. null when it does not open.
 */
export function secretboxOpenInPlace(work: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | null {
  const sealed = work.subarray(OPEN_IN_PLACE_ROOM);
  const opened = backend.open?.(sealed, nonce, key, true);
  if (opened !== undefined) return opened;
  if (sealed.length < 16) return null;
  // XSalsa20-Poly1305 as NaCl defines it: keystream bytes 0-31 are the Poly1305 key, bytes 32-
  // encrypt the message; the tag covers the ciphertext.
  const authKey = xsalsa20(key, nonce, new Uint8Array(32));
  const mac = poly1305.create(authKey);
  const ciphertext = work.subarray(OPEN_IN_PLACE_ROOM + 16);
  for (let at = 0; at < ciphertext.length; at += MAC_PIECE) mac.update(ciphertext.subarray(at, at + MAC_PIECE));
  if (!equalBytes(mac.digest(), sealed.subarray(0, 16))) return null;
  // Keystream byte k lands on work[k]: the ciphertext at work[32..] gets bytes 32-.
  xsalsa20(key, nonce, work, work);
  return ciphertext;
}

const EnvelopeJson = z.object({ encryptedMessage: z.string(), encodedNonce: z.string() });

export function sealEnvelope(message: unknown, sharedKey: Uint8Array, nonce: Uint8Array = randomBytes(24)): string {
  const { buffer, start, end } = sealEnvelopeBytes(message, sharedKey, nonce);
  return ascii.decode(buffer.subarray(start, end));
}

const ascii = new TextDecoder('latin1'); // base64url is ASCII, where latin1 and UTF-8 agree

/** A sealed envelope as ASCII bytes: `buffer[start..end]`, with the room asked for around it. */
export interface EnvelopeBytes {
  buffer: Uint8Array;
  start: number;
  end: number;
}

/**
 * sealEnvelope's characters as ASCII bytes, for a sender that writes bytes (the reference box
 * frames them into its Socket.IO packet with `room` bytes free before and after): each base64url
 * layer is written straight into the next one's buffer, with no string and no UTF-8 pass between.
 */
export function sealEnvelopeBytes(message: unknown, sharedKey: Uint8Array, nonce: Uint8Array = randomBytes(24), room = { before: 0, after: 0 }): EnvelopeBytes {
  const json = utf8(JSON.stringify(message));
  const inner = new Uint8Array(base64urlLength(json.length));
  encodeBase64urlInto(json, inner, 0);
  const sealed = boxSeal(inner, nonce, sharedKey);
  // JSON.stringify of these two base64url strings, written out: they hold nothing JSON escapes.
  // Three bytes of lead make the sealed text start 4-byte aligned (HEAD is 21 bytes).
  const outerLength = HEAD_BYTES.length + base64urlLength(sealed.length) + MIDDLE_BYTES.length + NONCE_CHARS + TAIL_BYTES.length;
  const outerBuffer = new Uint8Array(3 + outerLength);
  const outer = outerBuffer.subarray(3);
  outer.set(HEAD_BYTES);
  let at = encodeBase64urlInto(sealed, outer, HEAD_BYTES.length);
  outer.set(MIDDLE_BYTES, at);
  at = encodeBase64urlInto(nonce, outer, at + MIDDLE_BYTES.length);
  outer.set(TAIL_BYTES, at);
  const start = room.before + ((4 - (room.before % 4)) % 4);
  const buffer = new Uint8Array(start + base64urlLength(outerLength) + room.after);
  return { buffer, start, end: encodeBase64urlInto(outer, buffer, start) };
}

const OUTER_HEAD = '{"encryptedMessage":"';
const OUTER_MIDDLE = '","encodedNonce":"';
const OUTER_TAIL = '"}';
const HEAD_BYTES = utf8(OUTER_HEAD);
const MIDDLE_BYTES = utf8(OUTER_MIDDLE);
const TAIL_BYTES = utf8(OUTER_TAIL);
const NONCE_CHARS = 32;

const startsWith = (bytes: Uint8Array, at: number, part: Uint8Array): boolean => {
  if (at < 0 || at + part.length > bytes.length) return false;
  for (let i = 0; i < part.length; i++) if (bytes[at + i] !== part[i]) return false;
  return true;
};

/**
 * The sealed message and nonce of an envelope's JSON. The real rendezvous writes exactly
 * JSON.stringify's form, which is read here in place (no megabyte-long string to decode and
 * parse); any other valid JSON is parsed as JSON.
 */
// The layers of the envelope being opened, decoded into reused buffers: a reply is about 1 MB and
// each layer would otherwise be garbage at once. openEnvelope is synchronous and returns only the
// parsed message (fresh strings), so nothing outlives its call.
const OUTER = new Scratch();
const SEALED = new Scratch();
const INNER = new Scratch();

function envelopeParts(json: Uint8Array): { sealed: Uint8Array; nonce: Uint8Array } {
  const middle = json.length - OUTER_TAIL.length - NONCE_CHARS - MIDDLE_BYTES.length;
  if (startsWith(json, 0, HEAD_BYTES) && startsWith(json, middle, MIDDLE_BYTES) && json[json.length - 2] === 0x22 && json[json.length - 1] === 0x7d) {
    // decodeBase64url refuses any character outside the alphabet, a quote or backslash included.
    return {
      sealed: decodeBase64urlBytes(json.subarray(HEAD_BYTES.length, middle), SEALED),
      nonce: decodeBase64urlBytes(json.subarray(middle + MIDDLE_BYTES.length, json.length - OUTER_TAIL.length)),
    };
  }
  const parsed = EnvelopeJson.parse(JSON.parse(fromUtf8(json)));
  return { sealed: decodeBase64url(parsed.encryptedMessage), nonce: decodeBase64url(parsed.encodedNonce) };
}

export type OpenResult = { ok: true; message: unknown } | { ok: false; reason: 'malformed' | 'does-not-open' | 'not-json' };

export function openEnvelope(envelope: unknown, sharedKey: Uint8Array): OpenResult {
  if (typeof envelope !== 'string') return { ok: false, reason: 'malformed' };
  let sealed: Uint8Array;
  let nonce: Uint8Array;
  try {
    ({ sealed, nonce } = envelopeParts(decodeBase64url(envelope, OUTER)));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (nonce.length !== 24 || sealed.length < 16) return { ok: false, reason: 'malformed' };
  const inner = boxOpen(sealed, nonce, sharedKey, true);
  if (!inner) return { ok: false, reason: 'does-not-open' };
  try {
    return { ok: true, message: JSON.parse(fromUtf8(decodeBase64urlBytes(inner, INNER))) };
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
