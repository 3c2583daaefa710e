import { describe, expect, it } from 'vitest';
import { formatAmount, formatBytes, formatDuration, formatRate } from './units';

describe('formatBytes', () => {
  it.each([
    [0, '0 bytes'],
    [1, '1 byte'],
    [999, '999 bytes'],
    [1000, '1 KB'],
    [1234, '1.2 KB'],
    [12_345, '12.3 KB'],
    [312_000, '312 KB'],
    [999_960, '1 MB'],
    [1_250_000, '1.3 MB'],
    [1_200_000, '1.2 MB'],
    [200_000_000, '200 MB'],
    [5_300_000_000, '5.3 GB'],
  ])('%d bytes reads as "%s"', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('shows a question mark rather than a wrong number for a value that is not a size', () => {
    expect(formatBytes(-1)).toBe('?');
    expect(formatBytes(Number.NaN)).toBe('?');
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('?');
  });
});

describe('formatRate', () => {
  it('adds "/s" to a size', () => {
    expect(formatRate(40_960)).toBe('41 KB/s');
    expect(formatRate(512)).toBe('512 bytes/s');
    expect(formatRate(-3)).toBe('?');
  });
});

describe('formatDuration', () => {
  it.each([
    [0.4, 'less than a second'],
    [1, '1 s'],
    [42.4, '42 s'],
    [60, '1 min'],
    [125, '2 min 5 s'],
    [3600, '1 h'],
    [3720, '1 h 2 min'],
  ])('%d seconds reads as "%s"', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('shows a question mark for an unknown duration', () => {
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('?');
  });
});

describe('formatAmount', () => {
  it('names the amount done and the total', () => {
    expect(formatAmount(312_000, 1_200_000)).toBe('312 KB of 1.2 MB');
  });
  it('shows only the amount while the total is unknown', () => {
    expect(formatAmount(312_000, null)).toBe('312 KB');
  });
});
