import { describe, expect, it } from 'vitest';
import { createRateMeter } from './rate';

describe('rate meter', () => {
  it('finds a steady rate and counts the time left down between samples', () => {
    const m = createRateMeter();
    // 40 KB/s for 5 s of a 1.2 MB download, a sample every 100 ms.
    for (let t = 0; t <= 5000; t += 100) m.add({ stage: 'downloading', done: 40 * t, total: 1_200_000, at: t });
    const at5 = m.estimate(5000);
    expect(at5.rate).toBeCloseTo(40_000, -2);
    expect(at5.secondsLeft).toBeCloseTo(25, 0);
    // No new sample for 2 s (a slow reply): the ETA keeps moving down instead of freezing.
    expect(m.estimate(7000).secondsLeft).toBeCloseTo(23, 0);
  });

  it('smooths a burst instead of jumping to it', () => {
    const m = createRateMeter();
    for (let t = 0; t <= 3000; t += 100) m.add({ stage: 's', done: 10 * t, total: 1e9, at: t });
    // One sample at ten times the speed.
    m.add({ stage: 's', done: 30_000 + 10_000, total: 1e9, at: 3100 });
    const { rate } = m.estimate(3100);
    expect(rate!).toBeGreaterThan(10_000);
    expect(rate!).toBeLessThan(40_000);
  });

  it('says nothing until there is enough to tell, and starts afresh with a new stage', () => {
    const m = createRateMeter();
    expect(m.estimate(0)).toEqual({ rate: null, secondsLeft: null });
    m.add({ stage: 'downloading', done: 0, total: 100, at: 0 });
    m.add({ stage: 'downloading', done: 10, total: 100, at: 100 });
    expect(m.estimate(100).rate).toBeNull();
    for (let t = 200; t <= 1000; t += 100) m.add({ stage: 'downloading', done: t / 10, total: 100, at: t });
    expect(m.estimate(1000).rate).not.toBeNull();
    m.add({ stage: 'writing', done: 0, total: 100, at: 1100 });
    expect(m.estimate(1100)).toEqual({ rate: null, secondsLeft: null });
  });

  it('gives a rate but no time left while the total is unknown', () => {
    const m = createRateMeter();
    for (let t = 0; t <= 1000; t += 100) m.add({ stage: 'downloading', done: t * 5, total: null, at: t });
    const e = m.estimate(1000);
    expect(e.rate).toBeCloseTo(5000, -2);
    expect(e.secondsLeft).toBeNull();
  });

  // The walk-through's slow restore: 281 KB in about 34 s, whose first call (small, most of it fixed
  // cost) moves 4 KB in 3 s; the rest flows at 8.6 KB/s.
  const TOTAL = 281_000;
  const upload = (m: ReturnType<typeof createRateMeter>, until: number) => {
    m.add({ stage: 'uploading', done: 0, total: TOTAL, at: 0 });
    for (let t = 3000; t <= until; t += 1000) m.add({ stage: 'uploading', done: Math.min(TOTAL, 4000 + 8.6 * (t - 3000)), total: TOTAL, at: t });
  };
  const truth = (t: number) => (TOTAL - Math.min(TOTAL, 4000 + 8.6 * (t - 3000))) / 8600;

  it('says no time left at 1% from one slow first call ("about 1 min 40 s" for a 34 s upload), only once the estimate is steady', () => {
    const m = createRateMeter();
    upload(m, 3000);
    expect(m.estimate(3000).secondsLeft).toBeNull();
    const later = createRateMeter();
    upload(later, 12_000);
    const left = later.estimate(12_000).secondsLeft;
    expect(left).not.toBeNull();
    expect(Math.abs(left! - truth(12_000)) / truth(12_000)).toBeLessThan(0.25);
  });

  it('seeded with this box\u2019s measured speed, the time left is right from the start and stays honest through the slow first call', () => {
    const m = createRateMeter({ uploading: TOTAL / 34 });
    m.add({ stage: 'uploading', done: 0, total: TOTAL, at: 0 });
    expect(m.estimate(0).secondsLeft).toBeCloseTo(34, 0);
    upload(m, 3000);
    const left = m.estimate(3000).secondsLeft;
    // Either nothing (the first call disagreed) or close to the truth: never minutes too long.
    if (left !== null) expect(Math.abs(left - truth(3000)) / truth(3000)).toBeLessThan(0.3);
    const steady = createRateMeter({ uploading: TOTAL / 34 });
    upload(steady, 20_000);
    const then = steady.estimate(20_000).secondsLeft;
    expect(then).not.toBeNull();
    expect(Math.abs(then! - truth(20_000)) / truth(20_000)).toBeLessThan(0.25);
    // A seed is for its own stage only.
    steady.add({ stage: 'verifying', done: 0, total: TOTAL, at: 21_000 });
    expect(steady.estimate(21_000)).toEqual({ rate: null, secondsLeft: null });
  });
});
