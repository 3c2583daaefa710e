import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, plural } from './plural';
import { safeRemovalAdvice } from './safe-removal';

describe('plural', () => {
  it('uses the singular only for exactly one', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(4, 'older archive')).toBe('4 older archives');
    expect(plural(2, 'identity', 'identities')).toBe('2 identities');
    expect(plural(10000, 'archive')).toBe('10,000 archives');
  });

  it('writes every count as en-US does, separators included (without loading the locale data)', () => {
    for (const n of [0, 1, 12, 999, 1000, 20000, 1234567, -1, -1000, Number.MAX_SAFE_INTEGER, 1.5, 0.1234]) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    fc.assert(fc.property(fc.integer({ min: -1e15, max: 1e15 }), (n) => formatCount(n) === n.toLocaleString('en-US')), { numRuns: 2000 });
  });
});

describe('safeRemovalAdvice', () => {
  it('names each system’s own way to remove a stick, in one sentence that ends with unplugging it', () => {
    for (const platform of ['linux', 'darwin', 'win32']) {
      const advice = safeRemovalAdvice(platform);
      expect(advice).toMatch(/^To remove the stick safely, .*unplug it\.$/);
    }
    expect(safeRemovalAdvice('darwin')).toContain('Finder');
    expect(safeRemovalAdvice('win32')).toContain('Safely Remove Hardware');
  });
});
