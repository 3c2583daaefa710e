import { spawnSync } from 'node:child_process';
import { existsSync, linkSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeFixtures } from './fixtures';

/**
 * `idbox verify` of a support stick's thousands of archives in bounded memory: the peak RSS of the
 * real command (helper threads included) stays under 150 MB, and twenty times the archives add far
 * less than keeping even one archive's bytes each would (7,600 x 11 KB = 84 MB): lines are printed
 * and dropped as they come, the walk holds one folder's names, in flight only a few batches.
 * (The rest of the growth is the garbage collector letting its heap grow, not anything kept.)
 */
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'idbox.mjs');
const TIME = '/usr/bin/time';
const dir = mkdtempSync(join(tmpdir(), 'idbox-verify-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function peakKb(folder: string): number {
  const res = spawnSync(TIME, ['-f', '%M', process.execPath, BIN, 'verify', '--recursive', folder], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  expect(res.status, res.stderr).toBe(0);
  return Number(res.stderr.trim().split('\n').at(-1));
}

describe.skipIf(!existsSync(TIME))('idbox verify in bounded memory (skipped without /usr/bin/time)', () => {
  it('peaks under 150 MB for 8,000 archives, and 20x the archives add less than keeping each one would', async () => {
    const fx = await makeFixtures(join(dir, 'fx'));
    const make = (name: string, n: number) => {
      const folder = join(dir, name);
      for (let i = 0; i < n; i++) {
        if (i % 1000 === 0) mkdirSync(join(folder, `f${i / 1000}`), { recursive: true });
        linkSync(fx.good, join(folder, `f${Math.floor(i / 1000)}`, `a-${i}.idbox`)); // the same bytes, each read and checked on its own
      }
      return folder;
    };
    const few = peakKb(make('few', 400));
    const many = peakKb(make('many', 8000));
    console.log(`idbox verify: peak RSS ${(few / 1024).toFixed(0)} MiB for 400 archives, ${(many / 1024).toFixed(0)} MiB for 8,000`);
    expect(many).toBeLessThan(150 * 1024);
    expect(many - few).toBeLessThan(7600 * 11);
  }, 180_000);
});
