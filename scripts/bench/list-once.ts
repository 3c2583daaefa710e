import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createBackupService } from '../../box/backup-service/service';
import { startRendezvous } from '../../box/rendezvous/server';
import { seedBackup } from '../../box/seed';
import { BACKUP_SERVICE } from '../../shared/box-protocol';
import { createCatalog } from '../../services/archive/catalog';
import { pullToArchive } from '../../services/archive/pull';
import { setQuiet } from '../../services/log';
import { pairedAsync, type Row } from './measure';

/**
 * Issue #22: a backup of 2,400 files pulled on loopback with the file list sent once (formatVersion
 * 2 on both sides) against the reference run: the same service and client, with the file list in
 * every reply as a 1.x service sends it (the request's `formatVersion` taken out on its way in).
 */
export async function benchListOnce(root: string): Promise<Row[]> {
  setQuiet(true);
  const data = join(root, 'box2400');
  // 1,200 identities: one PEM and one DID document each, and the bundle: 2,401 files.
  const seeded = await seedBackup(data, { identities: 1_200, peers: 10, fastKeys: true });
  const service = createBackupService({ root: data });
  const asListEveryReply = (method: string, params: unknown[] | undefined) => {
    if (method !== 'export-backup' || !params?.[0]) return service.handle(method, params);
    const { formatVersion: _drop, ...rest } = params[0] as Record<string, unknown>;
    return service.handle(method, [rest]);
  };
  const listOnce = await startRendezvous({ services: new Map([[BACKUP_SERVICE, service.handle]]) }, { port: 0, host: '127.0.0.1' });
  const reference = await startRendezvous({ services: new Map([[BACKUP_SERVICE, asListEveryReply]]) }, { port: 0, host: '127.0.0.1' });
  try {
    let n = 0;
    const pull = (url: string) => async () => {
      const to = join(root, `pull2400-${n++}`);
      mkdirSync(to);
      const t0 = performance.now();
      const r = await pullToArchive({ boxUrl: url, backupId: seeded.backupId, destination: to, appName: 'bench', appVersion: '0', catalog: createCatalog(join(root, 'app2400')), retention: 100 });
      if (r.files !== 2_401) throw new Error(`the 2,400-file pull brought ${r.files} files`);
      return (performance.now() - t0) / 1000;
    };
    await pull(listOnce.url)();
    const p = await pairedAsync(3, pull(reference.url), pull(listOnce.url));
    return [
      {
        what: 'pull of 2,401 files (1,200 identities), loopback: file list in every reply (reference) vs once',
        measured: `${p.ratio.toFixed(1)}x faster (${p.a.toFixed(2)} s vs ${p.b.toFixed(2)} s)`,
        target: '>= 5x',
        ok: p.ratio >= 5,
      },
    ];
  } finally {
    await listOnce.close();
    await reference.close();
  }
}
