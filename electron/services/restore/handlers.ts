import { join, resolve } from 'node:path';
import type { Handlers } from '../../../shared/contract/dispatch';
import type { restoreCalls } from '../../../shared/contract/restore';
import { readArchive } from '../archive/format';
import { listArchives } from '../archive/handlers';
import { readDemoBackupId } from '../box/demo';
import { normalizeBoxUrl } from '../box/url';
import { progressReporter } from '../box/waiting';
import type { ServiceDeps } from '../deps';
import { listVolumes } from '../drives/list';
import { compareWithBox } from './compare';
import { describe, loadArchive, restoreToBox } from './restore';

export type RestoreHandlers = Pick<Handlers, keyof typeof restoreCalls>;

/** The restore handlers: describe an archive, find archives on sticks, restore to a box. */
export function restoreHandlers(deps: ServiceDeps): RestoreHandlers {
  return {
    'restore.compare': (req, ctx) => compareWithBox(resolve(req.archivePath), normalizeBoxUrl(req.boxUrl), req.backupId, ctx.signal),
    'restore.describe': async (req, ctx) => {
      const path = resolve(req.path);
      const archive = await loadArchive(path, ctx.signal);
      return { ...describe(path, archive), demo: archive.manifest.backupId === (await readDemoBackupId(deps.dataDir)) };
    },
    'restore.candidates': async (req) => {
      const archives = [];
      const demoId = await readDemoBackupId(deps.dataDir);
      for (const volume of await listVolumes()) {
        const roots = [volume.mountPoint, join(volume.mountPoint, 'Identity Box')];
        for (const dir of roots) {
          for (const found of await listArchives(dir).catch(() => [])) {
            // Only the manifest matters here: a damaged archive is still listed, its check comes later.
            const manifest = await readArchive(found.path).then((r) => r.manifest, () => null);
            archives.push({
              path: found.path,
              fileName: found.fileName,
              where: volume.label,
              createdAt: manifest?.createdAt ?? null,
              backupIdPrefix: manifest ? manifest.backupId.slice(0, 8) : null,
              matches: req.backupId && manifest ? manifest.backupId === req.backupId : null,
              demo: manifest !== null && manifest.backupId === demoId,
            });
          }
        }
      }
      archives.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
      return { archives: archives.slice(0, 500) };
    },
    'restore.toBox': (req, ctx) => {
      const report = progressReporter(ctx);
      return restoreToBox({
        archivePath: resolve(req.archivePath),
        boxUrl: normalizeBoxUrl(req.boxUrl),
        backupId: req.backupId,
        replace: req.replace,
        signal: ctx.signal,
        onProgress: report.progress,
        onWaiting: report.waiting,
      });
    },
  };
}
