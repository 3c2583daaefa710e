import { join } from 'node:path';
import { makeLargeBundleArchive } from './large-bundle';
import { median, timed, type Row } from './measure';

/**
 * Peak RSS of `idbox inspect --mnemonic-file` on an archive whose bundle is 60 MB (many contacts),
 * alternated with the same command on a small archive (the process's baseline): the words check
 * must stay within 2x the bundle over that baseline (issue #27).
 */
export async function benchWordsCheck(root: string, bin: string, rounds = 3): Promise<Row[]> {
  const small = await makeLargeBundleArchive(join(root, 'words-small'), 0.01);
  const large = await makeLargeBundleArchive(join(root, 'words-large'), 60);
  const run = (a: typeof small) => {
    const r = timed(process.execPath, [bin, 'inspect', a.archive, '--mnemonic-file', a.words]);
    if (r.status !== 0 || r.maxRssKb === null) throw new Error(`inspect --mnemonic-file ended with ${r.status}`);
    return { mb: r.maxRssKb / 1024, seconds: r.seconds };
  };
  run(small); // builds the CLI if needed, outside the measurement
  const peaks: number[] = [];
  const bases: number[] = [];
  for (let i = 0; i < rounds; i++) {
    peaks.push(run(large).mb);
    bases.push(run(small).mb);
  }
  const peak = median(peaks);
  const base = median(bases);
  const bundleMb = large.bundleBytes / 1024 / 1024;
  const ratio = (peak - base) / bundleMb;
  return [
    {
      what: `\`idbox inspect --mnemonic-file\`, ${bundleMb.toFixed(0)} MiB bundle (${large.seeded.peers.toLocaleString('en')} contacts): peak RSS`,
      measured: `${peak.toFixed(0)} MiB (${Math.min(...peaks).toFixed(0)}-${Math.max(...peaks).toFixed(0)}); baseline ${base.toFixed(0)} MiB; ${ratio.toFixed(2)}x the bundle over it`,
      target: '<= 2x the bundle over baseline',
      ok: ratio <= 2,
    },
  ];
}
