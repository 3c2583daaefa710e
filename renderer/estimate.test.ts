import { describe, expect, it } from 'vitest';
import { archiveEstimate } from './estimate';

describe('how long an archive will take, said before it starts', () => {
  it('says nothing while the backup or the box\u2019s speed is unknown', () => {
    expect(archiveEstimate(null, { archive: { bytes: 1000, seconds: 1 }, download: null })).toBeNull();
    expect(archiveEstimate(50_000_000, null)).toBeNull();
    expect(archiveEstimate(50_000_000, { archive: null, download: null })).toBeNull();
  });
  it('"a few seconds" only when it will be', () => {
    expect(archiveEstimate(14_000, { archive: { bytes: 14_000, seconds: 0.6 }, download: null })).toBe('It takes a few seconds.');
    // 50 MB from a box that moved 1 MB in 25 s (40 KB/s): about 21 minutes, not "a few seconds".
    expect(archiveEstimate(50_000_000, { archive: { bytes: 1_000_000, seconds: 25 }, download: null })).toBe('It takes about 20 min 50 s.');
  });
  it('falls back on the box\u2019s last download when no whole archive was timed', () => {
    expect(archiveEstimate(2_000_000, { archive: null, download: { bytes: 1_000_000, seconds: 30 } })).toBe('It takes about 1 min.');
  });
});
