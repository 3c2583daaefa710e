import { describe, expect, it } from 'vitest';
import { decodeBase64url, decodeBase64urlBytes, encodeBase64url, encodeIntoPure } from './base64url';

describe('base64url', () => {
  it('matches Node for every length and byte value', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 0xff);
      const expected = Buffer.from(bytes).toString('base64url');
      expect(encodeBase64url(bytes)).toBe(expected);
      expect(Buffer.from(decodeBase64url(expected))).toEqual(Buffer.from(bytes));
    }
  });

  it('matches Node on a megabyte of random bytes, and every byte value appears', () => {
    const bytes = new Uint8Array(1_000_001);
    for (let i = 0; i < bytes.length; i += 65536) crypto.getRandomValues(bytes.subarray(i, i + 65536));
    const expected = Buffer.from(bytes).toString('base64url');
    expect(encodeBase64url(bytes)).toBe(expected);
    expect(Buffer.from(decodeBase64url(expected)).equals(Buffer.from(bytes))).toBe(true);
    const all = Uint8Array.from({ length: 768 }, (_, i) => i & 0xff);
    expect(encodeBase64url(all)).toBe(Buffer.from(all).toString('base64url'));
  });

  it('accepts padding the way the box writes none, so padded input still decodes', () => {
    expect(Buffer.from(decodeBase64url('YWI='))).toEqual(Buffer.from('ab'));
  });

  it('rejects foreign characters and impossible lengths, since a mangled message must not decode to other bytes', () => {
    expect(() => decodeBase64url('ab+c')).toThrow();
    expect(() => decodeBase64url('abcde')).toThrow();
    expect(() => decodeBase64url('ab c')).toThrow();
    expect(() => decodeBase64url('abc/')).toThrow();
    expect(() => decodeBase64url('abcdé')).toThrow();
    expect(() => decodeBase64url('abcdefg€')).toThrow();
    expect(() => decodeBase64url('abcd\u0000')).toThrow();
    // a bad character in the tail after the last full group of four
    expect(() => decodeBase64url('abcdef.')).toThrow();
  });
});

describe('base64url carried as bytes (the layers inside an envelope)', () => {
  it('decodes exactly as the text decoder, padded or not, for every length', () => {
    for (let n = 0; n < 300; n++) {
      const bytes = new Uint8Array(Buffer.from(Array.from({ length: n }, (_, i) => (i * 37 + n) & 255)));
      const text = Buffer.from(bytes).toString('base64url');
      expect(decodeBase64urlBytes(new TextEncoder().encode(text))).toEqual(bytes);
      expect(decodeBase64urlBytes(new TextEncoder().encode(Buffer.from(bytes).toString('base64').replace(/\+/g, '-').replace(/\//g, '_')))).toEqual(bytes);
    }
  });

  it('refuses bytes outside the alphabet and impossible lengths, since a mangled envelope must not open', () => {
    for (const bad of ['QUJ+', 'QUJ/', 'QU"D', 'QUJD\\', 'Q', 'QUJDR']) expect(() => decodeBase64urlBytes(new TextEncoder().encode(bad)), bad).toThrow();
    expect(() => decodeBase64urlBytes(new Uint8Array([0x51, 0x55, 0x4a, 0xc4]))).toThrow();
  });
});

describe('base64url through a runtime codec', () => {
  it('stays strict when the installed codec is lenient, so a mangled message still does not decode', async () => {
    const { setBase64urlCodec } = await import('./base64url');
    setBase64urlCodec({ encode: (b) => Buffer.from(b).toString('base64url'), decode: (t) => new Uint8Array(Buffer.from(t, 'base64url')) });
    try {
      const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) & 0xff);
      expect(decodeBase64url(encodeBase64url(bytes))).toEqual(bytes);
      expect(Buffer.from(decodeBase64url('YWI='))).toEqual(Buffer.from('ab'));
      for (const bad of ['ab+c', 'abcde', 'ab c', 'abc/', 'abcdef.']) expect(() => decodeBase64url(bad)).toThrow();
    } finally {
      setBase64urlCodec(null);
    }
  });

  it('writes base64url into a buffer at any place, aligned or not, leaving the rest alone', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 91 + n * 7) & 0xff);
      const expected = Buffer.from(bytes).toString('base64url');
      for (const at of [0, 1, 2, 3, 4, 5]) {
        const target = new Uint8Array(at + expected.length + 3).fill(0x2e);
        expect(encodeIntoPure(bytes, target.subarray(0), at)).toBe(at + expected.length);
        expect(Buffer.from(target).toString('latin1')).toBe(`${'.'.repeat(at)}${expected}...`);
      }
    }
  });
});

