import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeLargeBundleArchive } from '../../scripts/bench/large-bundle';

/**
 * Support staff check the owner's words against an archive whose bundle is large (an owner with
 * hundreds of thousands of contacts): the check must not need several copies of it. Measured as
 * the peak RSS of a real `idbox inspect --mnemonic-file` process, against the same command on a
 * small archive (the process's own baseline, measured here, not assumed).
 *
 * The bound, 2x the bundle over that baseline: the bundle is read once (its bytes are kept to be
 * checked) and opened inside those bytes; the rest is the garbage of reading the file (chunks the
 * collector has not reclaimed yet, at most about one more bundle) and the contacts counted as they
 * stream by. Before issue #27 the words check held the bundle as text, decoded it twice, and parsed
 * every contact: 609 MB for a 60 MB bundle, over 3x this bound.
 */
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'idbox.mjs');
const TIME = '/usr/bin/time';
const dir = mkdtempSync(join(tmpdir(), 'idbox-inspect-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function peakKb(args: string[]): { kb: number; out: string } {
  const res = spawnSync(TIME, ['-f', '%M', process.execPath, BIN, ...args], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  expect(res.status, res.stderr).toBe(0);
  return { kb: Number(res.stderr.trim().split('\n').at(-1)), out: res.stdout };
}

describe.skipIf(!existsSync(TIME))('the words check in bounded memory (skipped without /usr/bin/time)', () => {
  it('inspect --mnemonic-file of a 60 MB bundle peaks within 2x the bundle over the baseline, and counts every contact', async () => {
    const small = await makeLargeBundleArchive(join(dir, 'small'), 0.01);
    const large = await makeLargeBundleArchive(join(dir, 'large'), 60);
    peakKb(['--version']); // builds the CLI if its sources changed, outside the measurement
    const inspect = (a: typeof small) => peakKb(['inspect', a.archive, '--json', '--mnemonic-file', a.words]);
    const baseline = Math.max(inspect(small).kb, inspect(small).kb);
    const measured = inspect(large);
    const [report] = JSON.parse(measured.out) as { mnemonicMatches: boolean; identities: { own: number; peers: number } }[];
    expect(report).toMatchObject({ mnemonicMatches: true, identities: { own: 2, peers: large.seeded.peers } });
    const boundKb = baseline + (2 * large.bundleBytes) / 1024;
    console.log(`inspect with a phrase file (the owner check), ${(large.bundleBytes / 1e6).toFixed(1)} MB bundle: peak ${(measured.kb / 1024).toFixed(0)} MiB, baseline ${(baseline / 1024).toFixed(0)} MiB, bound ${(boundKb / 1024).toFixed(0)} MiB`);
    expect(measured.kb).toBeLessThanOrEqual(boundKb);
  }, 180_000);
});
