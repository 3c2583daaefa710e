import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HOSTILE_TEXTS, SEED } from '../../tests/property/corpus';
import { Manifest, SEALING, sealedSize } from './manifest';
import { checkManifest } from './manifest-check';

// The lean check (what every archive reader runs) must say exactly what the contract's zod schema
// says: the same accept or refuse for every input, and the same manifest back when it accepts.
function sameAsSchema(input: unknown): void {
  const schema = Manifest.safeParse(input);
  const lean = checkManifest(input);
  expect(lean === null, JSON.stringify(input)?.slice(0, 300)).toBe(!schema.success);
  if (schema.success) expect(JSON.stringify(lean)).toBe(JSON.stringify(schema.data));
}

const sha = (c: string) => c.repeat(64);
const id = `${'A'.repeat(85)}Q`;
const v1 = () => ({
  format: 'idbox-archive',
  createdAt: '2026-03-01T10:20:30.123Z',
  app: { name: 'Identity Box Companion', version: '1.2.3' },
  source: { box: 'http://192.168.1.28:3100' },
  formatVersion: 1,
  backupId: id,
  files: [
    { path: 'backup', size: 3854, sha256: sha('a') },
    { path: 'Zoë’s phone.pem', size: 1916, sha256: sha('b') },
    { path: 'did-docs/QmXyz', size: 698, sha256: sha('c') },
  ],
});
const v2 = () => ({
  format: 'idbox-archive',
  createdAt: '2024-02-29T23:59:59Z',
  app: { name: 'Identity Box Companion', version: '1.2.3' },
  source: { box: null },
  formatVersion: 2,
  backupFingerprint: 'abcdEFGH0123_-xy',
  sealing: { ...SEALING },
  files: [
    { path: 'backup', size: 3854, sha256: sha('a') },
    { path: 'k.pem', size: 1916, sha256: sha('b'), sealed: { size: sealedSize(1916), sha256: sha('d') } },
    { path: 'did-docs/QmXyz', size: 698, sha256: sha('c') },
  ],
});

/** Every place in a JSON value, as a path of keys. */
function places(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (typeof value !== 'object' || value === null) return [at];
  const keys = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  return [at, ...keys.flatMap((k) => places((value as Record<string | number, unknown>)[k], [...at, k]))];
}
/** A copy of `base` with one place changed or removed (the archive reader always gets its manifest from JSON.parse). */
function withValue(base: unknown, path: (string | number)[], value: unknown, remove = false): unknown {
  const copy = structuredClone(base) as Record<string | number, unknown>;
  if (path.length === 0) return value;
  let node = copy;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path.at(-1)!;
  if (remove) {
    if (Array.isArray(node)) node.splice(last as number, 1);
    else delete node[last];
  } else Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true }); // an own field, as JSON.parse makes even "__proto__"
  return copy;
}

const HOSTILE_VALUES: unknown[] = [
  null,
  true,
  0,
  -0,
  -1,
  1.5,
  2 ** 53,
  64 * 1024 * 1024,
  64 * 1024 * 1024 + 1,
  '',
  'x'.repeat(201),
  'x'.repeat(501),
  '2026-02-29T10:00:00Z',
  '2026-03-01T10:20:30+01:00',
  '2026-03-01T24:00:00Z',
  '2026-03-01 10:20:30Z',
  '2026-03-01T10:20Z',
  '٢٠٢٦-03-01T10:20:30Z',
  sha('A'),
  `${id}\n`,
  '../etc/passwd',
  'self.pem',
  'did-docs/',
  'did-docs/a/b',
  '\u0000.pem',
  '\ud800.pem',
  'x'.repeat(256) + '.pem',
  [],
  [{}],
  {},
  { __proto__: null, x: 1 },
  JSON.parse('{"__proto__":{"polluted":true}}'),
  ...HOSTILE_TEXTS.slice(3).map((t) => t.slice(0, 2000)),
];

describe('the lean manifest check says what the schema says', () => {
  it('accepts the valid manifests of both formats, returning the same manifest', () => {
    for (const m of [v1(), v2()]) {
      expect(checkManifest(m)).not.toBeNull();
      sameAsSchema(m);
    }
    // Unknown fields: stripped in format 1 (and inside files in both), refused at the top of format 2.
    sameAsSchema({ ...v1(), extra: 1, app: { ...v1().app, more: 'x' } });
    sameAsSchema({ ...v2(), extra: 1 });
    sameAsSchema({ ...v2(), sealing: { ...SEALING, more: 1 } });
  });

  it('agrees at every place of both formats for hostile values, removed fields and added ones', () => {
    let cases = 0;
    for (const base of [v1(), v2()]) {
      for (const path of places(base)) {
        for (const value of HOSTILE_VALUES) {
          sameAsSchema(withValue(base, path, value));
          cases++;
        }
        if (path.length) sameAsSchema(withValue(base, path, undefined, true));
        if (path.length) sameAsSchema(withValue(base, [...path.slice(0, -1), '__proto__'], { polluted: true }));
      }
    }
    expect(cases).toBeGreaterThan(1000);
  });

  it('agrees on the rules between fields of format 2 and on the bounds of the file list', () => {
    const m = v2();
    sameAsSchema({ ...m, files: [...m.files, { path: 'plain.pem', size: 1, sha256: sha('e') }] }); // a key file not sealed
    sameAsSchema({ ...m, files: m.files.map((f) => (f.path === 'backup' ? { ...f, sealed: { size: sealedSize(f.size), sha256: sha('e') } } : f)) }); // a sealed bundle
    sameAsSchema({ ...m, files: m.files.map((f) => (f.sealed ? { ...f, sealed: { ...f.sealed, size: f.sealed.size + 1 } } : f)) });
    const many = (n: number) => Array.from({ length: n }, (_, i) => ({ path: `did-docs/Qm${i}`, size: 1, sha256: sha('f') }));
    for (const n of [0, 1, 4096, 4097]) sameAsSchema({ ...v1(), files: many(n) });
  });

  it('agrees on random JSON and on random manifests', () => {
    fc.assert(fc.property(fc.json({ maxDepth: 4 }), (t) => sameAsSchema(JSON.parse(t))), { seed: SEED, numRuns: 500 });
    const file = fc.record({ path: fc.oneof(fc.constantFrom('backup', 'a.pem', 'did-docs/Qm1', 'self.pem', 'x'), fc.string()), size: fc.oneof(fc.nat(), fc.double(), fc.constant(-1)), sha256: fc.oneof(fc.constant(sha('a')), fc.string()) });
    const manifest = fc.record(
      {
        format: fc.constantFrom('idbox-archive', 'other'),
        createdAt: fc.oneof(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string()),
        app: fc.record({ name: fc.string({ maxLength: 210 }), version: fc.string({ maxLength: 60 }) }),
        source: fc.record({ box: fc.oneof(fc.constant(null), fc.string({ maxLength: 510 })) }),
        formatVersion: fc.constantFrom(1, 2, 3),
        backupId: fc.oneof(fc.constant(id), fc.string()),
        files: fc.array(file, { maxLength: 4 }),
      },
      { requiredKeys: [] },
    );
    fc.assert(fc.property(manifest, (m) => sameAsSchema(m)), { seed: SEED, numRuns: 1000 });
  });
});
