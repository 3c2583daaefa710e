import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../tests/property/corpus';
import { pemBody } from './pkcs8';

// The one-pass PEM match must accept exactly what the regular expression it replaced accepts, and
// decoding the body with its line breaks must give the bytes the old code decoded without them.
const PEM_RE = /^-----BEGIN ENCRYPTED PRIVATE KEY-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n-----END ENCRYPTED PRIVATE KEY-----\r?\n?$/;
const BEGIN = '-----BEGIN ENCRYPTED PRIVATE KEY-----';
const END = '-----END ENCRYPTED PRIVATE KEY-----';

function same(text: string): void {
  const old = PEM_RE.exec(text);
  const body = pemBody(text);
  expect(body === null, JSON.stringify(text).slice(0, 200)).toBe(old === null);
  if (old && body !== null) {
    expect(body.replace(/\s+/g, '')).toBe(old[1]!.replace(/\s+/g, ''));
    expect(Buffer.from(body, 'base64').equals(Buffer.from(old[1]!.replace(/\s+/g, ''), 'base64'))).toBe(true);
  }
}

const piece = fc.constantFrom('', '\n', '\r', '\r\n', '\n\r', '\r\r\n', '\n\n', ' ', '-', '=', 'é', '\u0000');
const body = fc.stringMatching(/^[A-Za-z0-9+/=\r\n]{0,120}$/);

describe('the PEM body check accepts what the old regular expression accepts', () => {
  it('on key files with every line ending, odd pieces around the markers, and hostile bodies', () => {
    fc.assert(
      fc.property(piece, piece, body, piece, piece, piece, (before, afterBegin, b, beforeEnd, afterEnd, junk) => {
        same(`${before}${BEGIN}${afterBegin}${b}${beforeEnd}${END}${afterEnd}`);
        same(`${BEGIN}${afterBegin}${b}${junk}${b}${beforeEnd}${END}${afterEnd}`);
      }),
      { seed: SEED, numRuns: 5000 },
    );
    for (const t of [`${BEGIN}\n${END}`, `${BEGIN}\r\n${END}`, `${BEGIN}\n\n${END}`, `${BEGIN}\n\n\n${END}`, `${BEGIN}\n\r\n${END}\r`, `${BEGIN}\nA\n${END}\n\n`, `${BEGIN}\nA\n${END}${END}`, `${BEGIN}${END}`, BEGIN, '', 'x']) same(t);
  });
  it('on random text', () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (t) => same(t)), { seed: SEED, numRuns: 1000 });
  });
});
