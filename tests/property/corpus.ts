/**
 * Seed corpus of the defect classes of issue #10, shared by the property tests: each property
 * runs these first, then random inputs with a fixed seed.
 */
export const SEED = 20261126;

const deep = (open: string, close: string, depth: number) => `${open.repeat(depth)}${close.repeat(depth)}`;

/** Texts that crashed or hung a parser: deep nesting, cut-short JSON, JSON null, escapes, huge strings. */
export const HOSTILE_TEXTS: string[] = [
  deep('[', ']', 200_000),
  `{"id":${deep('[', ']', 200_000)}}`,
  `{"id":${deep('{"a":', '}', 50_000).replace('{"a":}', '{"a":1}')}}`,
  '{"app":"t","ru',
  'null',
  '[]',
  '"\u001b[2K\rOK — Complete and intact"',
  '\u0000\u0001\u009b31m\u202e',
  'x'.repeat(1_000_000),
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}',
  '',
];
