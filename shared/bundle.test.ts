import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url, encodeJsonBase64url, fromUtf8, utf8 } from './base64url';
import { bundleShape, decryptBundle, encryptBundle, summarizeBundle, type Bundle } from './bundle';
import { AppError } from './errors';

const key = Uint8Array.from({ length: 32 }, (_, i) => i * 7 + 1);
const identity = (name: string, keyName?: string) => ({
  did: `did:ipid:Qm${name}`,
  name,
  ...(keyName ? { keyName } : {}),
  encryptionKey: { publicKeyBase64: 'cHVi', secretKeyBase64: 'c2Vj' },
  signingKey: { publicKeyBase64: 'cHVi', secretKeyBase64: 'c2Vj' },
});
const bundle: Bundle = {
  ownIdentities: [identity('Alice', '1571676385721O3etAS4D5X6Yuw'), null, identity('Legacy')],
  peerIdentities: { Bob: 'did:ipid:QmBob' },
};

describe('bundle', () => {
  it('is byte-compatible with tweetnacl secretbox (nonce || tag || ciphertext)', () => {
    const nonce = Uint8Array.from({ length: 24 }, (_, i) => 255 - i);
    const ours = decodeBase64url(encryptBundle(bundle, key, nonce));
    expect(ours.subarray(0, 24)).toEqual(nonce);
    const opened = nacl.secretbox.open(ours.subarray(24), nonce, key);
    expect(opened).not.toBeNull();
    const theirs = nacl.secretbox(opened!, nonce, key);
    expect(Buffer.from(ours.subarray(24))).toEqual(Buffer.from(theirs));
  });

  it('opens a bundle sealed by tweetnacl the way the IdApp does', () => {
    const inner = encodeJsonBase64url({
      ownIdentities: [encodeJsonBase64url(identity('Carol', '1571676385721abcdefghijklmn')), encodeJsonBase64url(null)],
      peerIdentities: encodeJsonBase64url([]),
    });
    const nonce = nacl.randomBytes(24);
    const box = nacl.secretbox(utf8(inner), nonce, key);
    const encryptedBackup = encodeBase64url(new Uint8Array([...nonce, ...box]));
    const summary = summarizeBundle(decryptBundle(encryptedBackup, key));
    expect(summary).toEqual({ own: 1, peers: 0, names: ['Carol'], dids: ['did:ipid:QmCarol'] });
  });

  it('round-trips and summarises without keys, accepting null entries and missing keyName', () => {
    const summary = summarizeBundle(decryptBundle(encryptBundle(bundle, key), key));
    expect(summary).toEqual({ own: 2, peers: 1, names: ['Alice', 'Legacy'], dids: ['did:ipid:QmAlice', 'did:ipid:QmLegacy'] });
    expect(JSON.stringify(summary)).not.toContain('c2Vj');
  });

  it('a wrong key is a mnemonic mismatch, not a crash', () => {
    const other = new Uint8Array(32).fill(9);
    expect(() => decryptBundle(encryptBundle(bundle, key), other)).toThrowError(AppError);
    try {
      decryptBundle(encryptBundle(bundle, key), other);
    } catch (err) {
      expect((err as AppError).code).toBe('mnemonic-mismatch');
    }
  });

  it('checks the shape without a key', () => {
    expect(bundleShape(encryptBundle(bundle, key)).ok).toBe(true);
    expect(bundleShape('not base64!').ok).toBe(false);
    expect(bundleShape(encodeBase64url(new Uint8Array(30))).ok).toBe(false);
    expect(fromUtf8(utf8('é'))).toBe('é');
  });
});
