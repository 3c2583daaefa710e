import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedBackup } from '../../box/seed';
import { ARCHIVE_FORMAT, archiveFileName } from '../../shared/archive/manifest';
import { readBackupFolder } from '../../services/archive/folder';
import { buildArchive } from '../../services/archive/format';
import { loadNow, pairedAlternating, timed, type Row } from './measure';

/** Makes `count` archives of one backup (3 identities), 1,000 to a folder: batch-00, batch-01, … */
async function makeArchives(root: string, count: number): Promise<{ out: string; folders: string[]; bytes: number }> {
  console.log(`Making ${count} archives …`);
  const seeded = await seedBackup(join(root, 'verify-box'), { identities: 3, peers: 5, fastKeys: true });
  const folder = await readBackupFolder(seeded.folder);
  const out = join(root, 'archives');
  const folders: string[] = [];
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const sub = join(out, `batch-${String(Math.floor(i / 1000)).padStart(3, '0')}`);
    if (i % 1000 === 0) {
      mkdirSync(sub, { recursive: true });
      folders.push(sub);
    }
    const createdAt = new Date(Date.UTC(2026, 0, 1) + i * 1000);
    const data = await buildArchive(
      { format: ARCHIVE_FORMAT, formatVersion: 1, createdAt: createdAt.toISOString(), app: { name: 'bench', version: '0' }, source: { box: null }, backupId: seeded.backupId, files: folder.files },
      folder.contents,
    );
    writeFileSync(join(sub, archiveFileName(seeded.backupId, createdAt)), data);
    bytes += data.length;
  }
  execFileSync('sync');
  return { out, folders, bytes };
}

/**
 * How fast `idbox verify --recursive` checks many archives, against sha256sum over the same files
 * (`find | xargs sha256sum`, one process hashing every file): for each count, one warm-up of each,
 * then `rounds` pairs in alternating order. The ratio of throughputs is sha256sum's time / verify's
 * time; median and min-max of the pairs, peak RSS of verify, and the load average before and after.
 */
export async function benchVerify(root: string, bin: string, counts: { count: number; target: number }[], jobs: number | undefined, rounds = 5): Promise<Row[]> {
  const largest = Math.max(...counts.map((c) => c.count));
  const { folders, bytes } = await makeArchives(root, largest);
  const rows: Row[] = [];
  for (const { count, target } of counts) {
    const paths = folders.slice(0, Math.ceil(count / 1000));
    let peak = 0;
    const verify = () => {
      const r = timed(process.execPath, [bin, 'verify', '--recursive', ...(jobs ? ['--jobs', String(jobs)] : []), ...paths]);
      if (r.status !== 0) throw new Error('idbox verify failed in the benchmark');
      peak = Math.max(peak, r.maxRssKb ?? 0);
      return r.seconds;
    };
    const sha = () => timed('sh', ['-c', 'find "$@" -type f -print0 | xargs -0 sha256sum > /dev/null', 'sh', ...paths]).seconds;
    const loadBefore = loadNow();
    verify();
    sha();
    const p = await pairedAlternating(rounds, sha, verify);
    const loadAfter = loadNow();
    const mb = (bytes * count) / largest / 1e6;
    console.log(`idbox verify --recursive, ${count} archives: ${p.b.toFixed(2)} s (${(mb / p.b).toFixed(0)} MB/s, peak RSS ${(peak / 1024).toFixed(0)} MB); sha256sum ${p.a.toFixed(2)} s; load ${loadBefore} -> ${loadAfter}`);
    rows.push({
      what: `batch verify of ${count.toLocaleString('en-US')} archives vs \`sha256sum\` (throughput; ${rounds} pairs, alternating order)`,
      measured: `${p.ratio.toFixed(2)} (min-max ${p.min.toFixed(2)}-${p.max.toFixed(2)}; median ${p.b.toFixed(2)} s vs ${p.a.toFixed(2)} s; peak RSS ${(peak / 1024).toFixed(0)} MB; load ${loadBefore} -> ${loadAfter})`,
      target: `>= ${target}, peak RSS < 150 MB`,
      ok: p.ratio >= target && peak / 1024 < 150,
    });
  }
  return rows;
}
