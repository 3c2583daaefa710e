import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedBackup } from '../../box/seed';
import { ARCHIVE_FORMAT, archiveFileName } from '../../shared/archive/manifest';
import { readBackupFolder } from '../../services/archive/folder';
import { buildArchive } from '../../services/archive/format';
import { paired, timed, type Row } from './measure';

/**
 * How fast `idbox verify --recursive` checks many archives, against sha256sum over the same files:
 * paired runs (verify, then sha256sum, alternately) after one warm-up of each, median of 5 ratios.
 */
export async function benchVerify(root: string, bin: string, count: number, jobs: number): Promise<Row[]> {
  console.log(`Making ${count} archives …`);
  const seeded = await seedBackup(join(root, 'verify-box'), { identities: 3, peers: 5, fastKeys: true });
  const folder = await readBackupFolder(seeded.folder);
  const out = join(root, 'archives');
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const sub = join(out, `batch-${Math.floor(i / 1000)}`);
    if (i % 1000 === 0) mkdirSync(sub, { recursive: true });
    const createdAt = new Date(Date.UTC(2026, 0, 1) + i * 1000);
    const data = await buildArchive(
      { format: ARCHIVE_FORMAT, formatVersion: 1, createdAt: createdAt.toISOString(), app: { name: 'bench', version: '0' }, source: { box: null }, backupId: seeded.backupId, files: folder.files },
      folder.contents,
    );
    writeFileSync(join(sub, archiveFileName(seeded.backupId, createdAt)), data);
    bytes += data.length;
  }
  execFileSync('sync');
  let peak = 0;
  const verify = () => {
    const r = timed(process.execPath, [bin, 'verify', '--recursive', '--jobs', String(jobs), out]);
    if (r.status !== 0) throw new Error('idbox verify failed in the benchmark');
    peak = Math.max(peak, r.maxRssKb ?? 0);
    return r.seconds;
  };
  const sha = () => timed('sh', ['-c', `find "${out}" -type f -print0 | xargs -0 sha256sum > /dev/null`]).seconds;
  verify();
  sha();
  // ratio of throughputs = sha256sum's time / verify's time
  const p = paired(5, sha, verify);
  const mb = bytes / 1e6;
  console.log(`idbox verify --recursive: ${p.b.toFixed(2)} s for ${count} archives (${(mb / p.b).toFixed(0)} MB/s, peak RSS ${(peak / 1024).toFixed(0)} MB); sha256sum ${p.a.toFixed(2)} s`);
  return [
    {
      what: `batch verify of ${count} archives vs \`sha256sum\` (throughput, paired, median of 5)`,
      measured: `${p.ratio.toFixed(2)} (${p.b.toFixed(2)} s vs ${p.a.toFixed(2)} s; peak RSS ${(peak / 1024).toFixed(0)} MB)`,
      target: '>= 0.6',
      ok: p.ratio >= 0.6,
    },
  ];
}
