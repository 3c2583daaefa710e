import { describe, expect, it } from 'vitest';
import { plural } from './plural';
import { safeRemovalAdvice } from './safe-removal';

describe('plural', () => {
  it('uses the singular only for exactly one', () => {
    expect(plural(1, 'file')).toBe('1 file');
    expect(plural(0, 'file')).toBe('0 files');
    expect(plural(4, 'older archive')).toBe('4 older archives');
    expect(plural(2, 'identity', 'identities')).toBe('2 identities');
    expect(plural(10000, 'archive')).toBe('10,000 archives');
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
