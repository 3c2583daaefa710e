import { randomBytes } from 'node:crypto';
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkDidDocument } from '../../services/inspect/did';
import { parseEncryptedPem } from '../../services/inspect/pkcs8';
import { Manifest } from '../../shared/archive/manifest';
import { encodeBase64url } from '../../shared/base64url';
import { bundleShape, decryptBundle } from '../../shared/bundle';
import { generateKeyPair, boxBefore, openEnvelope, sealEnvelope } from '../../shared/envelope';
import { AppError } from '../../shared/errors';
import { checkMnemonic, entropyToMnemonic, normalizeMnemonic } from '../../shared/mnemonic';
import { terminalText, terminalValue } from '../../shared/terminal';
import { HOSTILE_TEXTS, SEED } from './corpus';

// Property tests: for any input, each parser returns a value or throws our AppError: no crash, no
// hang (every run is timed), bounded work. Fixed seed and run counts keep `npm test` bounded.
const opts = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });
const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }), fc.json({ maxDepth: 6 }));
const corpus = (extra: string[] = []) => [...HOSTILE_TEXTS, ...extra].map((t) => [t] as [string]);
const timed = <T>(fn: () => T, ms = 2000): T => {
  const started = performance.now();
  const out = fn();
  expect(performance.now() - started).toBeLessThan(ms);
  return out;
};

describe('property: DID document and key file checkers', () => {
  it('never throw; always return sentences', () => {
    fc.assert(
      fc.property(text, (t) => {
        const problems = timed(() => checkDidDocument('QmNameNameName', t));
        expect(Array.isArray(problems)).toBe(true);
        const pem = timed(() => parseEncryptedPem(t));
        expect(typeof pem.ok).toBe('boolean');
      }),
      { ...opts(300), examples: corpus(['-----BEGIN ENCRYPTED PRIVATE KEY-----\r\nMAA=\r\n-----END ENCRYPTED PRIVATE KEY-----\r\n']) },
    );
  });
});

describe('property: the manifest schema', () => {
  it('accepts or refuses any JSON value without throwing', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue({ maxDepth: 8 }), fc.string().map((s) => ({ format: 'idbox-archive', formatVersion: 1, files: [{ path: s, size: 1, sha256: 'a'.repeat(64) }] }))), (v) => {
        timed(() => Manifest.safeParse(v));
      }),
      { ...opts(300), examples: HOSTILE_TEXTS.slice(0, 3).map((t) => [JSON.parse(t.length < 500_000 ? t : 'null') as unknown]) },
    );
  });
});

describe('property: the bundle opener', () => {
  const key = randomBytes(32);
  const sealRaw = (plain: string) => {
    const nonce = randomBytes(24);
    const sealed = xsalsa20poly1305(key, nonce).encrypt(new TextEncoder().encode(plain));
    return encodeBase64url(Buffer.concat([nonce, sealed]));
  };
  const onlyAppErrors = (fn: () => unknown) => {
    try {
      timed(fn);
    } catch (err) {
      expect(err).toBeInstanceOf(AppError);
    }
  };

  it('any text as a bundle: a shape verdict, never a crash', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(typeof timed(() => bundleShape(t)).ok).toBe('boolean');
        onlyAppErrors(() => decryptBundle(t, key));
      }),
      { ...opts(300), examples: corpus() },
    );
  });

  it('anything that opens with the key but is not a bundle is archive-corrupt, never a crash', () => {
    fc.assert(
      fc.property(text, (t) => {
        for (const plain of [t, encodeBase64url(new TextEncoder().encode(t))]) {
          try {
            timed(() => decryptBundle(sealRaw(plain), key));
          } catch (err) {
            expect(err).toBeInstanceOf(AppError);
            expect((err as AppError).code).toBe('archive-corrupt');
          }
        }
      }),
      { ...opts(150), examples: corpus().filter(([t]) => t.length < 300_000) },
    );
  });
});

describe('property: the mnemonic normaliser', () => {
  it('never throws, and normalising is idempotent', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 300 }), text), (t) => {
        const once = timed(() => normalizeMnemonic(t));
        expect(normalizeMnemonic(once)).toBe(once);
        expect(typeof timed(() => checkMnemonic(t)).status).toBe('string');
      }),
      { ...opts(300), examples: corpus() },
    );
  });

  it('any spacing, case and line breaks around real words give the same valid words', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.array(fc.constantFrom(' ', '  ', '\n', '\t', '\r\n', '\u3000'), { minLength: 24, maxLength: 24 }), fc.boolean(), (entropy, gaps, upper) => {
        const words = entropyToMnemonic(entropy).split(' ');
        const messy = words.map((w, i) => `${upper && i % 2 ? w.toUpperCase() : w}${gaps[i]}`).join('');
        const check = checkMnemonic(`  ${messy}  `);
        expect(check.status).toBe('valid');
      }),
      opts(100),
    );
  });
});

describe('property: the envelope opener', () => {
  const mine = generateKeyPair();
  const theirs = generateKeyPair();
  const shared = boxBefore(theirs.publicKey, mine.secretKey);

  it('any value as an envelope: ok false, never a throw', () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.anything({ maxDepth: 4 })), (v) => {
        const res = timed(() => openEnvelope(v, shared));
        expect(res.ok).toBe(false);
      }),
      { ...opts(300), examples: corpus() },
    );
  });

  it('sealed JSON opens to the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (v) => {
        const res = openEnvelope(sealEnvelope(v, shared), boxBefore(mine.publicKey, theirs.secretKey));
        expect(res).toEqual({ ok: true, message: JSON.parse(JSON.stringify(v)) });
      }),
      opts(100),
    );
  });
});

describe('property: the terminal sanitizer', () => {
  // eslint-disable-next-line no-control-regex -- looking for control characters is the point
  const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
  it('leaves no control or direction character; a value stays on one line', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (t) => {
        expect(terminalText(t)).not.toMatch(CONTROL);
        expect(terminalValue(t)).not.toMatch(/[\n\t]/);
        expect(terminalValue(t)).not.toMatch(CONTROL);
        // JSON text keeps its meaning.
        expect(JSON.parse(terminalText(JSON.stringify(t)))).toBe(t);
      }),
      { ...opts(500), examples: corpus().filter(([t]) => t.length < 300_000) },
    );
  });
});
