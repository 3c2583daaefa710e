import nacl from 'tweetnacl';
import { describe, expect, it } from 'vitest';
import { encodeBase64url, encodeJsonBase64url, utf8 } from './base64url';
import { decryptBundle, encryptBundle, openBundleSummary, summarizeBundle, type Bundle } from './bundle';
import { AppError } from './errors';

/**
 * The words check every screen and command uses (openBundleSummary) must say exactly what opening
 * the whole bundle says, while counting the contacts without parsing them.
 */
const key = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const identity = (name: string) => ({
  did: `did:ipid:Qm${name.length}`,
  name,
  keyName: '1571676385721O3etAS4D5X6Yuw',
  encryptionKey: { publicKeyBase64: 'cHVi', secretKeyBase64: 'c2Vj' },
  signingKey: { publicKeyBase64: 'cHVi', secretKeyBase64: 'c2Vj' },
});

/** Seals `inner` (the outer JSON's text, written by hand) the way the IdApp does, with tweetnacl. */
function sealRaw(outerJson: string): string {
  const nonce = nacl.randomBytes(24);
  const box = nacl.secretbox(utf8(encodeBase64url(utf8(outerJson))), nonce, key);
  return encodeBase64url(new Uint8Array([...nonce, ...box]));
}
const peersJson = (json: string) => JSON.stringify(encodeBase64url(utf8(json)));
const own = JSON.stringify([encodeJsonBase64url(identity('Ann')), encodeJsonBase64url(null)]);

function expectCorrupt(encrypted: string): void {
  try {
    openBundleSummary(encrypted, key);
    expect.unreachable('it opened');
  } catch (err) {
    expect((err as AppError).code).toBe('archive-corrupt');
  }
}

describe('the words check (openBundleSummary)', () => {
  const peers: Record<string, string> = {};
  for (let i = 0; i < 5000; i++) peers[`Peer ${i} "quoted" \\ é 😀 \u0001`] = `did:ipid:Qm${i}`;
  const bundles: Bundle[] = [
    { ownIdentities: [identity('Alice'), null, identity('Bø "b"')], peerIdentities: peers },
    { ownIdentities: [identity('Solo')], peerIdentities: {} },
    { ownIdentities: [], peerIdentities: { only: 'did:ipid:x' } },
  ];

  it.each(bundles.map((b, i) => [i, b] as const))('says what opening the whole bundle says (%i), from text and from bytes', (_, bundle) => {
    const encrypted = encryptBundle(bundle, key);
    const whole = summarizeBundle(decryptBundle(encrypted, key));
    expect(openBundleSummary(encrypted, key)).toEqual(whole);
    expect(openBundleSummary(utf8(encrypted), key)).toEqual(whole);
    const bytes = Buffer.from(encrypted);
    expect(openBundleSummary(bytes, key, { overwrite: true })).toEqual(whole);
  });

  it('reads what the phone may write: no contacts ([]), no contacts member, spaces, escaped strings', () => {
    expect(openBundleSummary(sealRaw(`{"ownIdentities":${own},"peerIdentities":${peersJson('[]')}}`), key).peers).toBe(0);
    expect(openBundleSummary(sealRaw(`{"ownIdentities":${own}}`), key)).toMatchObject({ own: 1, peers: 0, names: ['Ann'] });
    const spaced = ` { "peerIdentities" : ${peersJson(' { "a" : "did:1" , "b\\u0041\\n" : "did:2" } ')} ,\n "ownIdentities" : ${own} } `;
    expect(openBundleSummary(sealRaw(spaced), key)).toMatchObject({ own: 1, peers: 2 });
    // A JSON escape inside the contacts' base64url string is still the same string.
    const escaped = `{"ownIdentities":${own},"peerIdentities":${peersJson('{"a":"b"}').replace(/^"(.)/, '"\\u00$1')}}`.replace('\\u00e', '\\u0065');
    expect(openBundleSummary(sealRaw(escaped), key).peers).toBe(1);
  });

  it.each([
    ['a trailing comma', '{"a":"b",}'],
    ['a contact that is not a DID string', '{"a":{"b":"c"}}'],
    ['an unterminated object', '{"a":"b"'],
    ['a bad escape', '{"a\\x":"b"}'],
    ['something after the object', '{"a":"b"} x'],
    ['a number', '42'],
    ['a broken array', '[1,'],
  ])('refuses contacts with %s, like the whole parse', (_, json) => {
    const encrypted = sealRaw(`{"ownIdentities":${own},"peerIdentities":${peersJson(json)}}`);
    expect(() => decryptBundle(encrypted, key)).toThrowError(AppError);
    expectCorrupt(encrypted);
  });

  it.each([
    ['not JSON', 'nope'],
    ['an outer array', `[${own}]`],
    ['contacts that are not text', `{"ownIdentities":${own},"peerIdentities":5}`],
    ['contacts that are not base64url', `{"ownIdentities":${own},"peerIdentities":"a+b"}`],
    ['an own identity without keys', `{"ownIdentities":[${JSON.stringify(encodeJsonBase64url({ did: 'x', name: 'y' }))}]}`],
    ['text after the object', `{"ownIdentities":${own}}{}`],
  ])('refuses an outer JSON that is %s', (_, json) => {
    expectCorrupt(sealRaw(json));
  });

  it('wrong words are a mismatch', () => {
    const encrypted = encryptBundle(bundles[0]!, key);
    try {
      openBundleSummary(encrypted, new Uint8Array(32).fill(1));
      expect.unreachable('it opened');
    } catch (err) {
      expect((err as AppError).code).toBe('mnemonic-mismatch');
    }
  });
});
