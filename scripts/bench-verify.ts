/**
 * `npm run bench`: how fast `idbox verify --recursive` checks many archives, against sha256sum
 * over the same files as the baseline. Makes N archives (default 10,000) in a temp folder.
 *   npm run bench -- --count 2000 --jobs 8
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { seedBackup } from '../box/seed';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, archiveFileName } from '../shared/archive/manifest';
import { readBackupFolder } from '../electron/services/archive/folder';
import { buildArchive } from '../electron/services/archive/format';

const { values } = parseArgs({ options: { count: { type: 'string', default: '10000' }, jobs: { type: 'string', default: '32' }, keep: { type: 'boolean' } } });
const count = Number(values.count);
const root = mkdtempSync(join(tmpdir(), 'idbox-bench-'));
const here = new URL('..', import.meta.url).pathname;

function timed(cmd: string, args: string[]): { seconds: number; maxRssKb: number | null } {
  const hasTime = spawnSync('test', ['-x', '/usr/bin/time']).status === 0;
  const started = process.hrtime.bigint();
  const res = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = hasTime ? Number(res.stderr.trim().split('\n').at(-1)) : NaN;
  return { seconds, maxRssKb: Number.isFinite(rss) ? rss : null };
}

try {
  console.log(`Making ${count} archives in ${root} …`);
  const seeded = await seedBackup(join(root, 'box'), { identities: 3, peers: 5, fastKeys: true });
  const folder = await readBackupFolder(seeded.folder);
  const out = join(root, 'archives');
  let bytes = 0;
  const t0 = Date.now();
  for (let i = 0; i < count; i++) {
    const sub = join(out, `batch-${Math.floor(i / 1000)}`);
    if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
    const createdAt = new Date(Date.UTC(2026, 0, 1) + i * 1000);
    const data = await buildArchive(
      { format: ARCHIVE_FORMAT, formatVersion: ARCHIVE_FORMAT_VERSION, createdAt: createdAt.toISOString(), app: { name: 'bench', version: '0' }, source: { box: null }, backupId: seeded.backupId, files: folder.files },
      folder.contents,
    );
    writeFileSync(join(sub, archiveFileName(seeded.backupId, createdAt)), data);
    bytes += data.length;
  }
  console.log(`made ${count} archives, ${(bytes / 1e6).toFixed(1)} MB, in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  execFileSync('sync');

  // Warm the page cache the same way for both, then measure each twice and keep the better run.
  const verify = () => timed(process.execPath, [join(here, 'bin/idbox.mjs'), 'verify', '--recursive', '--jobs', String(values.jobs), out]);
  const sha = () => timed('sh', ['-c', `find "${out}" -type f -print0 | xargs -0 sha256sum > /dev/null`]);
  sha();
  const best = (f: () => ReturnType<typeof timed>) => [f(), f()].sort((a, b) => a.seconds - b.seconds)[0]!;
  const v = best(verify);
  const s = best(sha);
  const mb = bytes / 1e6;
  console.log('');
  console.log(`idbox verify --recursive: ${v.seconds.toFixed(2)} s, ${(count / v.seconds).toFixed(0)} archives/s, ${(mb / v.seconds).toFixed(1)} MB/s, peak RSS ${v.maxRssKb ? `${(v.maxRssKb / 1024).toFixed(0)} MB` : 'n/a'}`);
  console.log(`sha256sum baseline:       ${s.seconds.toFixed(2)} s, ${(count / s.seconds).toFixed(0)} files/s, ${(mb / s.seconds).toFixed(1)} MB/s`);
  console.log(`ratio (verify / sha256sum throughput): ${(s.seconds / v.seconds).toFixed(2)}   target >= 0.5, peak memory < 150 MB`);
} finally {
  if (!values.keep) rmSync(root, { recursive: true, force: true });
}
