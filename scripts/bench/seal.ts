import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startReferenceBox } from '../../box/reference-box';
import { seedBackup } from '../../box/seed';
import { createCatalog } from '../../services/archive/catalog';
import { pullToArchive } from '../../services/archive/pull';
import { setQuiet } from '../../services/log';
import { recipientFromMnemonic } from '../../shared/archive/seal-key';
import { median, pairedAsync, timedAsync, type Row } from './measure';

/**
 * What sealing costs (archive format 2): a pull of 100 identities (100 key files sealed) against the
 * same pull in format 1, paired runs, medians; in-process (pull+write+verify) and as `idbox pull`.
 */
export async function benchSealing(root: string, bin: string): Promise<Row[]> {
  setQuiet(true);
  const data = join(root, 'box-seal');
  const seeded = await seedBackup(data, { identities: 100, peers: 10, fastKeys: true });
  const recipient = recipientFromMnemonic(seeded.mnemonic)!;
  const words = join(root, 'seal-words.txt');
  writeFileSync(words, seeded.mnemonic, { mode: 0o600 });
  const box = await startReferenceBox({ dataDir: data });
  try {
    let n = 0;
    const inProcess = async (sealed: boolean) => {
      const to = join(root, `seal-in-${n++}`);
      mkdirSync(to);
      const t0 = performance.now();
      const r = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, recipient: sealed ? recipient : null, destination: to, appName: 'bench', appVersion: '0', catalog: createCatalog(join(root, 'app-seal')), retention: 1000 });
      if (r.formatVersion !== (sealed ? 2 : 1)) throw new Error('the benchmark pulled the wrong format');
      return (performance.now() - t0) / 1000;
    };
    await inProcess(true);
    await inProcess(false);
    const rounds: { v2: number; v1: number }[] = [];
    for (let i = 0; i < 9; i++) rounds.push(i % 2 ? { v1: await inProcess(false), v2: await inProcess(true) } : { v2: await inProcess(true), v1: await inProcess(false) });
    const v2 = median(rounds.map((r) => r.v2));
    const v1 = median(rounds.map((r) => r.v1));
    const ratio = median(rounds.map((r) => r.v2 / r.v1));

    const env = { ...process.env, IDBOX_DATA_DIR: join(root, 'app-seal-cli'), IDBOX_LOG: 'silent' };
    const cli = async (args: string[]) => {
      const to = join(root, `seal-cli-${n++}`);
      mkdirSync(to);
      const r = await timedAsync(process.execPath, [bin, 'pull', '--box', box.url, ...args, '--to', to, '--json'], env);
      if (r.status !== 0) throw new Error('idbox pull failed in the benchmark');
      return r.seconds;
    };
    const p = await pairedAsync(5, () => cli(['--mnemonic-file', words]), () => cli(['--backup-id', seeded.backupId]));
    return [
      {
        what: 'sealing (format 2) on a pull of 100 identities vs format 1',
        measured: `in-process ${ratio.toFixed(2)}x (${(v2 * 1000).toFixed(0)} ms vs ${(v1 * 1000).toFixed(0)} ms); \`idbox pull\` ${p.ratio.toFixed(2)}x (${p.a.toFixed(3)} s vs ${p.b.toFixed(3)} s)`,
        target: '<= 1.1x',
        ok: ratio <= 1.1 && p.ratio <= 1.1,
      },
    ];
  } finally {
    await box.close();
  }
}
