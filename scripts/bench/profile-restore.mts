import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReferenceBox } from '../../box/reference-box';
import { setQuiet } from '../../services/log';
import { makeLargeBundleArchive } from './large-bundle';
setQuiet(true);
// `npx tsx scripts/bench/profile-restore.mts`: CPU profiles of one `idbox pull` and one `idbox restore` of a 50 MB backup, top self-time entries of each.
const dir = mkdtempSync(join(tmpdir(), 'idbox-profile-restore-'));
const large = await makeLargeBundleArchive(dir, 50);
const source = await startReferenceBox({ dataDir: join(dir, 'box') });
const target = await startReferenceBox({ dataDir: join(dir, 'target') });
const bin = new URL('../../bin/idbox.mjs', import.meta.url).pathname;
const env = { ...process.env, IDBOX_DATA_DIR: join(dir, 'app'), IDBOX_LOG: 'silent' };
const { spawn } = await import('node:child_process');
const runp = (args: string[]) => new Promise<void>((res) => spawn(process.execPath, args, { env, stdio: 'inherit' }).on('close', () => res()));
await runp([bin, '--version']);
mkdirSync(join(dir, 'p'));
await runp(['--cpu-prof', '--cpu-prof-dir', join(dir, 'prof-pull'), bin, 'pull', '--box', source.url, '--backup-id', large.seeded.backupId, '--to', join(dir, 'p'), '--json']);
await runp(['--cpu-prof', '--cpu-prof-dir', join(dir, 'prof-restore'), bin, 'restore', large.archive, '--box', target.url, '--mnemonic-file', large.words, '--json']);
await source.close();
await target.close();
for (const which of ['prof-pull', 'prof-restore']) {
  const f = readdirSync(join(dir, which))[0]!;
  const prof = JSON.parse(readFileSync(join(dir, which, f), 'utf8'));
  const self = new Map<number, number>();
  const dt: number[] = prof.timeDeltas;
  prof.samples.forEach((id: number, i: number) => self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0)));
  const by = new Map<string, number>();
  let total = 0;
  for (const n of prof.nodes) {
    const t = self.get(n.id) ?? 0;
    total += t;
    const cf = n.callFrame;
    const key = `${cf.functionName || '(anon)'} ${cf.url.split('/').slice(-2).join('/')}:${cf.lineNumber}`;
    by.set(key, (by.get(key) ?? 0) + t);
  }
  console.log(`\n${which}: ${(total / 1e6).toFixed(2)} s sampled`);
  for (const [k, t] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 22)) console.log(`${((t / total) * 100).toFixed(1).padStart(5)}% ${(t / 1000).toFixed(0).padStart(6)} ms ${k}`);
}
rmSync(dir, { recursive: true, force: true });
process.exit(0);
