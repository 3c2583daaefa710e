import { join, sep } from 'node:path';
import type { Handlers } from '../../shared/contract/dispatch';
import type { restoreCalls } from '../../shared/contract/restore';
import { readArchive } from '../archive/format';
import { manifestBelongsTo, manifestLabel, type Manifest } from '../../shared/archive/manifest';
import { createCatalog } from '../archive/catalog';
import { isGoodCopy } from '../archive/shrink';
import { listArchives } from '../archive/handlers';
import { readDemoBackupId } from '../box/demo';
import { normalizeBoxUrl } from '../box/url';
import { createPaceRecord } from '../box/pace-record';
import { progressReporter } from '../box/waiting';
import type { ServiceDeps } from '../deps';
import { listVolumes } from '../drives/list';
import { compareWithBox } from './compare';
import { describe, loadArchive, restoreToBox } from './restore';
import { absoluteTypedPath } from '../folders/check';

export type RestoreHandlers = Pick<Handlers, keyof typeof restoreCalls>;

/** The restore handlers: describe an archive, find archives on sticks, restore to a box. */
export function restoreHandlers(deps: ServiceDeps): RestoreHandlers {
  const isDemo = async (m: Manifest) => {
    const demoId = await readDemoBackupId(deps.dataDir);
    return demoId !== null && manifestBelongsTo(m, demoId);
  };
  const paces = createPaceRecord(deps.dataDir);
  return {
    'restore.compare': (req, ctx) => compareWithBox(absoluteTypedPath(req.archivePath), normalizeBoxUrl(req.boxUrl), req.backupId, ctx.signal),
    'restore.describe': async (req, ctx) => {
      const path = absoluteTypedPath(req.path);
      const archive = await loadArchive(path, ctx.signal);
      return { ...(await describe(path, archive)), demo: await isDemo(archive.manifest) };
    },
    'restore.candidates': async (req) => {
      const archives = [];
      const demoId = await readDemoBackupId(deps.dataDir);
      const volumes = await listVolumes();
      // Attached sticks, and the folders on this computer the app has written archives to (a
      // person who archived to a folder looks for it here too).
      const places: { dirs: string[]; where: string }[] = volumes.map((v) => ({ dirs: [v.mountPoint, join(v.mountPoint, 'Identity Box')], where: v.label }));
      const onStick = (dir: string) => volumes.some((v) => dir === v.mountPoint || dir.startsWith(`${v.mountPoint.replace(/[\\/]+$/, '')}${sep}`));
      const catalog = await createCatalog(deps.dataDir).list().catch(() => []);
      const folders = new Set(catalog.map((e) => e.directory).filter((d) => !onStick(d)));
      // The verdict the catalog keeps for each archive it knows: Restore offers a good copy first.
      const judged = new Map(catalog.filter((e) => e.content || e.lastFailure).map((e) => [e.path, isGoodCopy(e.content ?? null) && !e.lastFailure]));
      for (const dir of [...folders].slice(0, 50)) places.push({ dirs: [dir], where: `${dir} (a folder on this computer)` });
      for (const place of places) {
        for (const dir of place.dirs) {
          for (const found of await listArchives(dir).catch(() => [])) {
            // Only the manifest matters here: a damaged archive is still listed, its check comes later.
            const manifest = await readArchive(found.path).then((r) => r.manifest, () => null);
            archives.push({
              path: found.path,
              fileName: found.fileName,
              where: place.where,
              createdAt: manifest?.createdAt ?? null,
              backupIdPrefix: manifest ? manifestLabel(manifest) : null,
              matches: req.backupId && manifest ? manifestBelongsTo(manifest, req.backupId) : null,
              demo: manifest !== null && demoId !== null && manifestBelongsTo(manifest, demoId),
              restorable: judged.get(found.path) ?? null,
            });
          }
        }
      }
      archives.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
      return { archives: archives.slice(0, 500) };
    },
    'restore.toBox': async (req, ctx) => {
      const report = progressReporter(ctx);
      const done = await restoreToBox({
        archivePath: absoluteTypedPath(req.archivePath),
        boxUrl: normalizeBoxUrl(req.boxUrl),
        backupId: req.backupId,
        sealIdentity: req.sealIdentity,
        replace: req.replace,
        signal: ctx.signal,
        onProgress: report.progress,
        onWaiting: report.waiting,
      });
      // This box's upload speed: the next restore's time left starts from it.
      await paces.note(normalizeBoxUrl(req.boxUrl), 'upload', report.measured('uploading'));
      return done;
    },
  };
}
