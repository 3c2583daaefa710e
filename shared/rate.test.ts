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
});
