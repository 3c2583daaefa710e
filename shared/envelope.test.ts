import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { decodeBase64url, decodeJsonBase64url, encodeBase64url, encodeJsonBase64url, fromUtf8, utf8 } from './base64url';
import { boxBefore, decodePublicKeyPayload, encodePublicKeyPayload, generateKeyPair, keyPairFromSecretKey, OPEN_IN_PLACE_ROOM, openEnvelope, sealEnvelope, sealEnvelopeBytes, secretboxOpenInPlace } from './envelope';

describe('rendezvous envelope', () => {
  it('derives the same keys and shared key as tweetnacl', () => {
    for (let i = 0; i < 20; i++) {
      const a = nacl.box.keyPair();
      const b = nacl.box.keyPair();
      expect(keyPairFromSecretKey(a.secretKey).publicKey).toEqual(a.publicKey);
      expect(boxBefore(b.publicKey, a.secretKey)).toEqual(nacl.box.before(b.publicKey, a.secretKey));
    }
  });

  it('seals byte for byte like nacl.box', () => {
    const client = generateKeyPair();
    const server = nacl.box.keyPair();
    const nonce = nacl.randomBytes(24);
    const message = { servicePath: 'identity-box.backup-service', method: 'about', params: [] };
    const envelope = sealEnvelope(message, boxBefore(server.publicKey, client.secretKey), nonce);
    const expectedSealed = nacl.box(utf8(encodeJsonBase64url(message)), nonce, server.publicKey, client.secretKey);
    const expected = encodeJsonBase64url({ encryptedMessage: encodeBase64url(expectedSealed), encodedNonce: encodeBase64url(nonce) });
    expect(envelope).toBe(expected);
    // and the server side (tweetnacl) opens it
    const parsed = decodeJsonBase64url(envelope) as { encryptedMessage: string; encodedNonce: string };
    const opened = nacl.box.open(decodeBase64url(parsed.encryptedMessage), decodeBase64url(parsed.encodedNonce), client.publicKey, server.secretKey);
    expect(decodeJsonBase64url(fromUtf8(opened!))).toEqual(message);
  });

  it('opens what tweetnacl seals, and refuses tampering or the wrong key', () => {
    const client = generateKeyPair();
    const server = nacl.box.keyPair();
    const nonce = nacl.randomBytes(24);
    const reply = { method: 'about-response', params: [{ version: '1' }] };
    const sealed = nacl.box(utf8(encodeJsonBase64url(reply)), nonce, client.publicKey, server.secretKey);
    const envelope = encodeJsonBase64url({ encryptedMessage: encodeBase64url(sealed), encodedNonce: encodeBase64url(nonce) });
    expect(openEnvelope(envelope, boxBefore(server.publicKey, client.secretKey))).toEqual({ ok: true, message: reply });
    expect(openEnvelope(envelope, boxBefore(nacl.box.keyPair().publicKey, client.secretKey))).toEqual({ ok: false, reason: 'does-not-open' });
    expect(openEnvelope('garbage!', boxBefore(server.publicKey, client.secretKey))).toEqual({ ok: false, reason: 'malformed' });
    expect(openEnvelope(42, boxBefore(server.publicKey, client.secretKey))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('opens an envelope whose JSON is written differently (spaces, other key order), not only JSON.stringify form', () => {
    const client = generateKeyPair();
    const server = nacl.box.keyPair();
    const nonce = nacl.randomBytes(24);
    const reply = { method: 'about-response', params: [{ version: '1' }] };
    const sealed = nacl.box(utf8(encodeJsonBase64url(reply)), nonce, client.publicKey, server.secretKey);
    const json = `{ "encodedNonce": "${encodeBase64url(nonce)}",\n  "encryptedMessage": "${encodeBase64url(sealed)}" }`;
    const shared = boxBefore(server.publicKey, client.secretKey);
    expect(openEnvelope(encodeBase64url(utf8(json)), shared)).toEqual({ ok: true, message: reply });
    // The fast reading of the usual form still refuses a quote or a backslash inside a field.
    const broken = `{"encryptedMessage":"${encodeBase64url(sealed).slice(0, -2)}\\"","encodedNonce":"${encodeBase64url(nonce)}"}`;
    expect(openEnvelope(encodeBase64url(utf8(broken)), shared)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('encodes the publicKey event payload', () => {
    const { publicKey } = generateKeyPair();
    expect(decodePublicKeyPayload(encodePublicKeyPayload(publicKey))).toEqual(publicKey);
    expect(decodePublicKeyPayload('x')).toBeNull();
  });

  it('opens a secretbox in place exactly as tweetnacl opens it, and refuses a tampered one', () => {
    for (const size of [0, 1, 31, 32, 33, 64 * 1024 + 7, 200_003]) {
      const key = nacl.randomBytes(32);
      const nonce = nacl.randomBytes(24);
      const message = nacl.randomBytes(size);
      const sealed = nacl.secretbox(message, nonce, key);
      const work = new Uint8Array(OPEN_IN_PLACE_ROOM + sealed.length);
      work.set(sealed, OPEN_IN_PLACE_ROOM);
      const tampered = work.slice();
      tampered[tampered.length - 1]! ^= 1;
      const opened = secretboxOpenInPlace(work, nonce, key);
      expect(opened && Buffer.from(opened).equals(Buffer.from(nacl.secretbox.open(sealed, nonce, key)!))).toBe(true);
      expect(opened!.buffer).toBe(work.buffer);
      expect(secretboxOpenInPlace(tampered, nonce, key)).toBeNull();
    }
  });

  it('seals into bytes exactly what nacl.box and the envelope format give, with any room around them', () => {
    const client = generateKeyPair();
    const server = nacl.box.keyPair();
    const shared = boxBefore(server.publicKey, client.secretKey);
    const messages = [null, { é: 'ünïcødé 😀', n: 1 }, { method: 'export-backup-response', params: [{ contentBase64: Buffer.from(nacl.randomBytes(200_001)).toString('base64') }] }];
    for (const message of messages) {
      for (const room of [{ before: 0, after: 0 }, { before: 1, after: 2 }, { before: 59, after: 2 }, { before: 62, after: 7 }]) {
        const nonce = nacl.randomBytes(24);
        const { buffer, start, end } = sealEnvelopeBytes(message, shared, nonce, room);
        expect(start).toBeGreaterThanOrEqual(room.before);
        expect(buffer.length - end).toBeGreaterThanOrEqual(room.after);
        const expectedSealed = nacl.box(utf8(encodeJsonBase64url(message)), nonce, server.publicKey, client.secretKey);
        const expected = encodeJsonBase64url({ encryptedMessage: encodeBase64url(expectedSealed), encodedNonce: encodeBase64url(nonce) });
        expect(Buffer.from(buffer.subarray(start, end)).toString('latin1')).toBe(expected);
      }
    }
  });
});

