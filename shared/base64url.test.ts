import { describe, expect, it } from 'vitest';
import { decodeBase64url, encodeBase64url } from './base64url';

describe('base64url', () => {
  it('matches Node for every length and byte value', () => {
    for (let n = 0; n < 70; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n * 11) & 0xff);
      const expected = Buffer.from(bytes).toString('base64url');
      expect(encodeBase64url(bytes)).toBe(expected);
      expect(Buffer.from(decodeBase64url(expected))).toEqual(Buffer.from(bytes));
    }
  });

  it('rejects foreign characters and impossible lengths', () => {
    expect(() => decodeBase64url('ab+c')).toThrow();
    expect(() => decodeBase64url('abcde')).toThrow();
    expect(() => decodeBase64url('ab c')).toThrow();
  });
});
