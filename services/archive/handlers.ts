import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ARCHIVE_EXTENSION } from '../../shared/archive/manifest';
import { backupLabel } from '../../shared/archive/fingerprint';
import { cloudSyncedBy } from '../../shared/cloud';
import type { archiveCalls } from '../../shared/contract/archive';
import type { Handlers } from '../../shared/contract/dispatch';
import { AppError } from '../../shared/errors';
import { safeRemovalAdvice } from '../../shared/safe-removal';
import { readDemoBackupId } from '../box/demo';
import { progressReporter } from '../box/waiting';
import { normalizeBoxUrl } from '../box/url';
import type { ServiceDeps } from '../deps';
import { canEject } from '../drives/eject';
import { volumeContaining } from '../drives/containing';
import { volumeIdentities } from '../drives/identity';
import { listVolumes } from '../drives/list';
import { locate } from '../copies/places';
import { backupRef, createCatalog } from './catalog';
import { pullToArchive } from './pull';
import { resealArchive, retireUnsealed } from './reseal';
import { createSettings } from './settings';
import { versionHandlers } from './version-handlers';
import { cleanupPartials, preflight } from './write';
import { absoluteTypedPath } from '../folders/check';

export type ArchiveHandlers = Pick<Handlers, keyof typeof archiveCalls>;

/** Archives found directly in a folder (a stick's root, or any folder), newest first. */
export async function listArchives(directory: string) {
  const names = await readdir(directory).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') throw new AppError('not-found', `The folder "${directory}" does not exist.`);
    throw new AppError('permission-denied', `The folder "${directory}" cannot be read.`);
  });
  const found = [];
  for (const name of names.filter((n) => n.endsWith(ARCHIVE_EXTENSION) && !n.startsWith('.')).slice(0, 10_000)) {
    const info = await stat(join(directory, name)).catch(() => null);
    if (info?.isFile()) found.push({ path: join(directory, name), fileName: name, bytes: info.size, modifiedAt: info.mtime.toISOString() });
  }
  return found.sort((a, b) => b.modifiedAt.localeCompare(a.modifiedAt) || b.fileName.localeCompare(a.fileName));
}

export { volumeContaining };

/** The archive handlers: pull, preflight, catalog and remembered backups. */
export function archiveHandlers(deps: ServiceDeps): ArchiveHandlers {
  const catalog = createCatalog(deps.dataDir);
  const settings = createSettings(deps.dataDir, deps.secrets);
  // On start: adopt verified archives an earlier run could not record (noted in the data folder,
  // in known folders or on attached sticks), then remove unfinished archive files a crash or a
  // pulled stick left in known folders.
  void (async () => {
    const folders = [...new Set((await catalog.list()).map((e) => e.directory))];
    const sticks = (await listVolumes().catch(() => [])).map((v) => v.mountPoint);
    await catalog.adoptUnrecorded([...folders, ...sticks]);
    await Promise.all(folders.map((dir) => cleanupPartials(dir)));
  })().catch(() => undefined);

  return {
    ...versionHandlers(settings),
    'archive.pull': async (req, ctx) => {
      const boxUrl = normalizeBoxUrl(req.boxUrl);
      const backupId = req.backupId ?? (req.useRemembered ? await settings.rememberedBackupId(boxUrl) : null);
      if (!backupId) throw new AppError('invalid-request', 'No backup is remembered for this box: enter your 24 words once.');
      const destination = absoluteTypedPath(req.destination);
      const s = await settings.load();
      const demo = (await readDemoBackupId(deps.dataDir)) === backupId;
      const volumes = await listVolumes();
      const volume = volumeContaining(destination, volumes);
      // Sealed to the words' recipient: typed now, or remembered when they were last typed.
      const recipient = req.recipient ?? (await settings.rememberedRecipient(boxUrl, backupId));
      const report = progressReporter(ctx);
      const result = await pullToArchive({
        demo,
        removable: volume !== null,
        volumes,
        boxUrl,
        backupId,
        recipient,
        destination,
        appName: deps.appName,
        appVersion: deps.appVersion,
        catalog,
        retention: s.retention,
        signal: ctx.signal,
        onProgress: report.progress,
        onWaiting: report.waiting,
        ...(req.version ? { version: req.version } : {}),
      });
      if (req.remember) await settings.remember(boxUrl, backupId, demo, recipient);
      if (req.acceptCloud && cloudSyncedBy(destination)) {
        await settings.update((x) => {
          if (!x.cloudAccepted.includes(destination)) x.cloudAccepted.push(destination);
        });
      }
      return {
        archive: result.path,
        fileName: result.fileName,
        directory: result.directory,
        bytes: result.bytes,
        sha256: result.sha256,
        files: result.files,
        formatVersion: result.formatVersion,
        verified: true as const,
        cacheBypassed: result.cacheBypassed,
        filesystem: result.filesystem,
        removedOld: result.removedOld.length,
        status: result.verdict.status,
        notes: result.notes,
        cloudSyncedBy: cloudSyncedBy(result.directory),
        demo,
        stick: volume && { label: volume.label, canEject: await canEject(volume.device), howToRemove: safeRemovalAdvice(process.platform) },
      };
    },
    'archive.preflight': async (req) => {
      const directory = absoluteTypedPath(req.destination);
      const pre = await preflight(directory, 0);
      const accepted = (await settings.load()).cloudAccepted.includes(directory);
      return { directory, filesystem: pre.filesystem, free: pre.free, cloudSyncedBy: cloudSyncedBy(directory), cloudAccepted: accepted };
    },
    'archive.catalog': async () => {
      const entries = await catalog.list();
      const demoId = await readDemoBackupId(deps.dataDir);
      const demoRef = demoId ? backupRef(demoId) : null;
      const exists = (p: string) => stat(p).then(() => true, () => false);
      // Each copy is looked for where its volume is now, as the copies view does (one judgement).
      const volumes = await listVolumes();
      const ids = volumeIdentities();
      const now = new Date().toISOString();
      const learned: Parameters<typeof catalog.recordSeen>[0] = [];
      const archives = await Promise.all(
        entries.map(async (e) => {
          const where = e.gone ? null : await locate(e, volumes, ids, now);
          if (where?.learned) learned.push(where.learned);
          const present = where?.attached ?? false;
          const deletedFrom = e.gone?.from ?? (where?.gone ? where.place.label : null);
          const folder = present || (await exists(e.directory));
          return {
          path: where?.path ?? e.path,
          directory: e.directory,
          fileName: e.fileName,
          backupIdPrefix: e.backupIdPrefix,
          sourceBox: e.sourceBox,
          createdAt: e.createdAt,
          bytes: e.bytes,
          sha256: e.sha256,
          verifiedAt: e.verifiedAt,
          present,
          absence: present ? null : deletedFrom !== null ? ('deleted' as const) : folder ? ('file-missing' as const) : e.removable ? ('stick-not-plugged-in' as const) : ('folder-missing' as const),
          deletedFrom,
          // Older entries have no flag: their backup is recognised by the demo backup's id.
          demo: e.demo || e.backupRef === demoRef,
          removable: e.removable,
          lastFailure: e.lastFailure ?? null,
          status: e.content?.status ?? null,
          };
        }),
      );
      if (learned.length) await catalog.recordSeen(learned).catch(() => undefined);
      return { archives };
    },
    'archive.forgetArchive': async (req) => ({ forgotten: await catalog.forget(req.path) }),
    'archive.remembered': async (req) => {
      const s = await settings.load();
      const id = req.boxUrl ? await settings.rememberedBackupId(normalizeBoxUrl(req.boxUrl)).catch(() => null) : null;
      const sealing = id !== null && (await settings.rememberedRecipient(normalizeBoxUrl(req.boxUrl), id)) !== null;
      return { remembered: id !== null, backupIdPrefix: id ? backupLabel(id, sealing) : null, sealing, lastBoxUrl: s.lastBoxDemo ? null : s.lastBoxUrl, storage: deps.secrets.description };
    },
    'archive.rememberedBoxes': async () => {
      const s = await settings.load();
      const demoId = await readDemoBackupId(deps.dataDir);
      const boxes = [];
      for (const boxUrl of Object.keys(s.remembered).sort()) {
        const id = await settings.rememberedBackupId(boxUrl);
        const sealing = id !== null && (await settings.rememberedRecipient(boxUrl, id)) !== null;
        boxes.push({ boxUrl, backupIdPrefix: id ? backupLabel(id, sealing) : null, sealing, demo: id !== null && id === demoId });
      }
      return { boxes };
    },
    'archive.forget': async (req) => {
      await settings.forget(normalizeBoxUrl(req.boxUrl));
      return { forgotten: true };
    },
    'archive.settings': async (req) => {
      const s = req.retention === undefined ? await settings.load() : await settings.update((x) => (x.retention = req.retention!));
      return { retention: s.retention, storage: deps.secrets.description };
    },
    'archive.reseal': async (req, ctx) => {
      const r = await resealArchive({ path: absoluteTypedPath(req.path), backupId: req.backupId, recipient: req.recipient, retire: false, catalog, signal: ctx.signal });
      return { sealedPath: r.written.path, fileName: r.written.fileName, verified: true as const };
    },
    'archive.retireUnsealed': async (req) => ({ retired: await retireUnsealed(absoluteTypedPath(req.path), absoluteTypedPath(req.sealedPath), catalog) }),
    'archive.listOn': async (req) => ({ archives: await listArchives(absoluteTypedPath(req.directory)) }),
  };
}
