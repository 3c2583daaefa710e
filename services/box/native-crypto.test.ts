import { randomBytes } from 'node:crypto';
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { x25519 } from '@noble/curves/ed25519.js';
import nacl from 'tweetnacl';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64url, decodeJsonBase64url, encodeBase64url, encodeBase64urlInto, encodeIntoPure, encodeJsonBase64url, utf8 } from '../../shared/base64url';
import { boxBefore, generateKeyPair, openEnvelope, sealEnvelope, setNaclBackend } from '../../shared/envelope';
import { preloadSodium, NATIVE_SECRETBOX_FROM, NODE_NACL, nodeKeyPair, nodeSharedSecret, sodiumOpen, sodiumSeal, useNodeCrypto } from './native-crypto';

// The native envelope crypto must give the very bytes of the pure code and of tweetnacl: a box
// whose envelope does not open crashes the real rendezvous (identity-box.md §5a).
beforeAll(() => preloadSodium());
afterEach(() => setNaclBackend(null));
const bytes = (n: number) => new Uint8Array(randomBytes(n));

describe('native envelope crypto (node:crypto X25519, libsodium secretbox)', () => {
  it('loads libsodium on this machine (else every large message silently falls back to the slow path)', async () => {
    expect(await preloadSodium()).toBe(true);
  });

  it('makes X25519 key pairs that tweetnacl and the pure code agree with', () => {
    for (let i = 0; i < 20; i++) {
      const mine = nodeKeyPair();
      const theirs = nacl.box.keyPair();
      expect(mine.publicKey).toEqual(x25519.getPublicKey(mine.secretKey));
      expect(mine.publicKey).toEqual(nacl.box.keyPair.fromSecretKey(mine.secretKey).publicKey);
      const shared = nodeSharedSecret(theirs.publicKey, mine.secretKey);
      expect(shared).toEqual(x25519.getSharedSecret(mine.secretKey, theirs.publicKey));
      setNaclBackend(NODE_NACL);
      expect(boxBefore(theirs.publicKey, mine.secretKey)).toEqual(nacl.box.before(theirs.publicKey, mine.secretKey));
      setNaclBackend(null);
    }
  });

  it('leaves secret keys it did not make to the pure code, with the same result', () => {
    const theirs = nacl.box.keyPair();
    const foreign = nacl.box.keyPair();
    expect(nodeSharedSecret(theirs.publicKey, foreign.secretKey)).toBeNull();
    setNaclBackend(NODE_NACL);
    expect(boxBefore(theirs.publicKey, foreign.secretKey)).toEqual(nacl.box.before(theirs.publicKey, foreign.secretKey));
  });

  it('refuses a low-order public key, as the pure code does (the reference box then refuses the session)', () => {
    const mine = nodeKeyPair();
    const zero = new Uint8Array(32);
    expect(() => x25519.getSharedSecret(mine.secretKey, zero)).toThrow();
    setNaclBackend(NODE_NACL);
    expect(() => boxBefore(zero, mine.secretKey)).toThrow();
  });

  it('seals and opens large messages byte for byte like tweetnacl and @noble/ciphers, and leaves small ones to the pure code', () => {
    const key = bytes(32);
    for (const size of [NATIVE_SECRETBOX_FROM - 17, NATIVE_SECRETBOX_FROM - 1, NATIVE_SECRETBOX_FROM, NATIVE_SECRETBOX_FROM + 1, 533_001]) {
      const message = bytes(size);
      const nonce = bytes(24);
      const native = sodiumSeal(message, nonce, key);
      if (size + 16 < NATIVE_SECRETBOX_FROM) {
        expect(native).toBeNull();
        expect(sodiumOpen(xsalsa20poly1305(key, nonce).encrypt(message), nonce, key)).toBeUndefined();
        continue;
      }
      const expected = nacl.secretbox(message, nonce, key);
      expect(xsalsa20poly1305(key, nonce).encrypt(message)).toEqual(expected);
      // A message just under the threshold is sealed by the pure code; its sealed form (16 bytes
      // longer) is opened natively.
      expect(native).toEqual(size < NATIVE_SECRETBOX_FROM ? null : expected);
      expect(sodiumOpen(expected, nonce, key)).toEqual(message);
      const copy = expected.slice();
      expect(sodiumOpen(copy, nonce, key, true)).toEqual(message);
      const tampered = expected.slice();
      tampered[size >> 1]! ^= 1;
      expect(sodiumOpen(tampered, nonce, key)).toBeNull();
      expect(sodiumOpen(expected, nonce, bytes(32))).toBeNull();
    }
  });

  it('seals a 400 KB message into the same envelope as the pure code, which tweetnacl opens; and opens what tweetnacl seals', () => {
    useNodeCrypto();
    const client = generateKeyPair();
    const server = nacl.box.keyPair();
    const shared = boxBefore(server.publicKey, client.secretKey);
    const message = { method: 'export-backup-response', params: [{ chunks: [{ path: 'backup', offset: 0, contentBase64: randomBytes(290_000).toString('base64') }], next: null }] };
    const nonce = bytes(24);
    const native = sealEnvelope(message, shared, nonce);
    setNaclBackend(null);
    expect(native).toBe(sealEnvelope(message, shared, nonce));
    const { encryptedMessage, encodedNonce } = decodeJsonBase64url(native) as { encryptedMessage: string; encodedNonce: string };
    const opened = nacl.box.open(decodeBase64url(encryptedMessage), decodeBase64url(encodedNonce), client.publicKey, server.secretKey);
    expect(decodeJsonBase64url(new TextDecoder().decode(opened!))).toEqual(message);

    useNodeCrypto();
    const sealed = nacl.box(utf8(encodeJsonBase64url(message)), nonce, client.publicKey, server.secretKey);
    const envelope = encodeJsonBase64url({ encryptedMessage: encodeBase64url(sealed), encodedNonce: encodeBase64url(nonce) });
    expect(openEnvelope(envelope, shared)).toEqual({ ok: true, message });
    expect(openEnvelope(envelope, boxBefore(nacl.box.keyPair().publicKey, client.secretKey))).toEqual({ ok: false, reason: 'does-not-open' });
  });

  it('keeps each opened message intact when the next (larger, then smaller) envelope is opened (the layers reuse buffers)', () => {
    useNodeCrypto();
    const shared = boxBefore(nacl.box.keyPair().publicKey, generateKeyPair().secretKey);
    const messages = [90_000, 300_000, 40_000, 120].map((n) => ({ method: 'm', params: [{ contentBase64: randomBytes(n).toString('base64') }] }));
    const opened = messages.map((m) => openEnvelope(sealEnvelope(m, shared), shared));
    opened.forEach((o, i) => expect(o).toEqual({ ok: true, message: messages[i] }));
  });

  it("Node's base64url writes into a buffer exactly what the pure code writes", () => {
    useNodeCrypto();
    const bytes = new Uint8Array(randomBytes(300_001));
    for (const at of [0, 3, 5]) {
      const native = new Uint8Array(at + 400_004);
      const pure = new Uint8Array(at + 400_004);
      expect(encodeBase64urlInto(bytes, native, at)).toBe(encodeIntoPure(bytes, pure, at));
      expect(Buffer.from(native).equals(Buffer.from(pure))).toBe(true);
    }
  });
});

