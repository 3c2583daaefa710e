import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { startReferenceBox } from '../../box/reference-box';
import { setQuiet } from '../../services/log';
import { makeLargeBundleArchive } from './large-bundle';
import { median, timedAsync, type Row } from './measure';

const range = (xs: number[], digits = 2) => `${Math.min(...xs).toFixed(digits)}-${Math.max(...xs).toFixed(digits)}`;
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

/**
 * `idbox restore` of a backup against `idbox pull` of the same backup, alternated (pull, restore,
 * pull, restore…), each its own process: peak RSS and CPU per MB of each, and their ratios per pair
 * (issue #27: restore at most 2x the pull's peak, CPU per MB within 1.3x). The backup's bundle is a
 * real one (many contacts), since the restore opens it with the words; the restore goes to a box
 * without that backup (the restored folder is removed after each round), so every round uploads
 * it whole and reads it back. The box's CPU (this process serves both boxes) is reported beside.
 */
export async function benchRestore(root: string, bin: string, megabytes: number, rounds = 5): Promise<Row[]> {
  setQuiet(true);
  const dir = join(root, `restore-${megabytes}`);
  const large = await makeLargeBundleArchive(dir, megabytes);
  const source = await startReferenceBox({ dataDir: join(dir, 'box') });
  const targetData = join(dir, 'target');
  const target = await startReferenceBox({ dataDir: targetData });
  const env = { ...process.env, IDBOX_DATA_DIR: join(dir, 'app'), IDBOX_LOG: 'silent' };
  const loadBefore = load();
  try {
    const run = async (args: string[]) => {
      const box = process.cpuUsage();
      const r = await timedAsync(process.execPath, [bin, ...args], env);
      const served = process.cpuUsage(box);
      if (r.status !== 0 || r.maxRssKb === null || r.cpuSeconds === null) throw new Error(`idbox ${args[0]} ended with ${r.status} in the benchmark`);
      return { rss: r.maxRssKb / 1024, cpu: r.cpuSeconds, boxCpu: (served.user + served.system) / 1e6, seconds: r.seconds };
    };
    const pull = async (i: number) => {
      const to = join(dir, `pulled-${i}`);
      mkdirSync(to);
      const r = await run(['pull', '--box', source.url, '--backup-id', large.seeded.backupId, '--to', to, '--json']);
      rmSync(to, { recursive: true, force: true });
      return r;
    };
    const restore = async () => {
      const r = await run(['restore', large.archive, '--box', target.url, '--mnemonic-file', large.words, '--json']);
      rmSync(join(targetData, large.seeded.backupId), { recursive: true, force: true });
      return r;
    };
    await pull(-1); // builds the CLI if needed, outside the measurement
    const pairs: { pull: Awaited<ReturnType<typeof run>>; restore: Awaited<ReturnType<typeof run>> }[] = [];
    for (let i = 0; i < rounds; i++) pairs.push({ pull: await pull(i), restore: await restore() });
    const mb = large.bundleBytes / 1e6;
    const rssRatios = pairs.map((p) => p.restore.rss / p.pull.rss);
    const cpuRatios = pairs.map((p) => p.restore.cpu / p.pull.cpu);
    const perMb = (xs: number[]) => `${median(xs.map((x) => (x * 1000) / mb)).toFixed(0)} ms/MB (${range(xs.map((x) => (x * 1000) / mb), 0)})`;
    const what = `${mb.toFixed(0)} MB backup (one bundle, ${large.seeded.peers.toLocaleString('en')} contacts)`;
    const loads = `load ${loadBefore} -> ${load()}`;
    return [
      {
        what: `restore vs pull of a ${what}: peak RSS, paired x${rounds}`,
        measured: `restore ${median(pairs.map((p) => p.restore.rss)).toFixed(0)} MiB, pull ${median(pairs.map((p) => p.pull.rss)).toFixed(0)} MiB: ${median(rssRatios).toFixed(2)}x (${range(rssRatios)}); ${loads}`,
        target: '<= 2x',
        ok: median(rssRatios) <= 2,
      },
      {
        what: `restore vs pull of that backup: client CPU per MB (restore: check, words, upload, read-back)`,
        measured: `restore ${perMb(pairs.map((p) => p.restore.cpu))}, pull ${perMb(pairs.map((p) => p.pull.cpu))}: ${median(cpuRatios).toFixed(2)}x (${range(cpuRatios)}); box ${perMb(pairs.map((p) => p.restore.boxCpu))} vs ${perMb(pairs.map((p) => p.pull.boxCpu))}`,
        target: '<= 1.3x',
        ok: median(cpuRatios) <= 1.3,
      },
    ];
  } finally {
    await source.close();
    await target.close();
  }
}
