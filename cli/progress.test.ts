import { describe, expect, it } from 'vitest';
import type { CliIO } from './io';
import { createCliProgress, progressMode } from './progress';

function fakeIO(tty: boolean) {
  const out: string[] = [];
  const err: string[] = [];
  const updates: string[] = [];
  const io: CliIO = { out: (t) => out.push(t), err: (t) => err.push(t), errIsTTY: tty, errUpdate: (t) => updates.push(t) };
  return { io, out, err, updates };
}

/** A download of 1.2 MB at 40 KB/s, one event every 50 ms, on a clock the test controls. */
function download(progress: ReturnType<typeof createCliProgress>, clock: { t: number }) {
  progress.onProgress('connecting', 0, null);
  for (let done = 0; done <= 1_200_000; done += 2000) {
    progress.onProgress('downloading', done, 1_200_000);
    clock.t += 50;
  }
}

describe('command-line progress', () => {
  it('on a terminal: one line redrawn at most ten times a second, with percent, amount, rate and time left, cleared at the end', () => {
    const f = fakeIO(true);
    const clock = { t: 0 };
    const p = createCliProgress(f.io, progressMode(f.io, {}), () => clock.t);
    download(p, clock);
    p.finish();
    expect(f.out).toEqual([]);
    expect(f.err).toEqual([]);
    expect(f.updates.length).toBeGreaterThan(100);
    expect(f.updates.length).toBeLessThan(400);
    expect(f.updates).toContain('Downloading the backup  50%  600 KB of 1.2 MB  40 KB/s  about 15 s left');
    expect(f.updates.at(-1)).toBe('');
  });

  it('into a file or pipe: one line per stage on stderr, nothing on stdout', () => {
    const f = fakeIO(false);
    const clock = { t: 0 };
    download(createCliProgress(f.io, progressMode(f.io, {}), () => clock.t), clock);
    expect(f.err).toEqual(['… connecting to the box', '… downloading the backup']);
    expect(f.out).toEqual([]);
  });

  it('with --progress-json: JSON lines on stdout only; with --json alone: silent', () => {
    const f = fakeIO(true);
    const clock = { t: 0 };
    download(createCliProgress(f.io, progressMode(f.io, { json: true, progressJson: true }), () => clock.t), clock);
    expect(f.err).toEqual([]);
    expect(f.updates).toEqual([]);
    const lines = f.out.map((l) => JSON.parse(l) as { type: string; stage: string; done: number; total: number | null });
    expect(lines.length).toBeGreaterThan(100);
    expect(lines.every((l) => l.type === 'progress')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ stage: 'downloading', done: 1_200_000, total: 1_200_000, unit: 'bytes' });
    const quiet = fakeIO(true);
    download(createCliProgress(quiet.io, progressMode(quiet.io, { json: true }), () => clock.t), clock);
    expect([...quiet.out, ...quiet.err, ...quiet.updates]).toEqual([]);
  });
});

describe('the time left of a box measured before', () => {
  it('is said from the first moment of the download, from the speed the app recorded for this box', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createPaceRecord } = await import('../services/box/pace-record');
    const { paceSeedsFor } = await import('./pace');
    const dataDir = mkdtempSync(join(tmpdir(), 'idbox-cli-pace-'));
    try {
      // The app archived from this box before: 1.2 MB in 30 s (40 KB/s).
      await createPaceRecord(dataDir).note('http://127.0.0.1:3100', 'download', { bytes: 1_200_000, seconds: 30 });
      const seeds = await paceSeedsFor('127.0.0.1:3100', dataDir);
      expect(seeds.downloading).toBeCloseTo(40_000);
      const f = fakeIO(true);
      const clock = { t: 0 };
      const p = createCliProgress(f.io, progressMode(f.io, {}), () => clock.t, seeds);
      p.onProgress('downloading', 0, 1_200_000);
      clock.t += 200;
      p.onProgress('downloading', 8_000, 1_200_000);
      expect(f.updates.at(-1)).toMatch(/about 30 s left$/);
      // A box never measured: no time left until the download's own speed is steady.
      expect(await paceSeedsFor('http://127.0.0.1:9999', dataDir)).toEqual({});
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
