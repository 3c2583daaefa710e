import type { z } from 'zod';
import { stat } from 'node:fs/promises';
import { backupLabel } from '../../shared/archive/fingerprint';
import { cloudSyncedBy } from '../../shared/cloud';
import type { archiveCalls, PullResult } from '../../shared/contract/archive';
import type { Handlers } from '../../shared/contract/dispatch';
import { AppError } from '../../shared/errors';
import { safeRemovalAdvice } from '../../shared/safe-removal';
import { readDemoBackupId } from '../box/demo';
import type { BoxDigest } from '../box/client';
import { createPaceRecord } from '../box/pace-record';
import { progressReporter } from '../box/waiting';
import { normalizeBoxUrl } from '../box/url';
import type { ServiceDeps } from '../deps';
import { canEject } from '../drives/eject';
import { volumeContaining } from '../drives/containing';
import { volumeIdentities } from '../drives/identity';
import { listVolumes } from '../drives/list';
import { locate } from '../copies/places';
import { backupRef, createCatalog, type CatalogEntry } from './catalog';
import { listArchives } from './list';
import { alreadyThere } from './already-there';
import { pullToArchive } from './pull';
import { resealArchive, retireUnsealed } from './reseal';
import { createSettings } from './settings';
import { versionHandlers } from './version-handlers';
import { whichBox } from './which-box';
import { cleanupPartials, preflight } from './write';
import { absoluteTypedPath } from '../folders/check';

type PullAnswer = z.infer<typeof PullResult>;
export type ArchiveHandlers = Pick<Handlers, keyof typeof archiveCalls>;

export { listArchives };

export { volumeContaining };

/** The archive handlers: pull, preflight, catalog and remembered backups. */
export function archiveHandlers(deps: ServiceDeps): ArchiveHandlers {
  const catalog = createCatalog(deps.dataDir);
  const settings = createSettings(deps.dataDir, deps.secrets);
  const paces = createPaceRecord(deps.dataDir);
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
      const started = Date.now();
      const cloud = () => cloudSyncedBy(destination);
      type Written = Pick<CatalogEntry, 'path' | 'fileName' | 'directory' | 'bytes' | 'sha256' | 'cacheBypassed' | 'filesystem'>;
      type Judged = Pick<PullAnswer, 'backupBytes' | 'files' | 'formatVersion' | 'removedOld' | 'status' | 'notes' | 'alreadyThere'>;
      // The archive written now, or the one already there: described the same way.
      const answer = async (w: Written, judged: Judged): Promise<PullAnswer> => ({
        archive: w.path,
        fileName: w.fileName,
        directory: w.directory,
        bytes: w.bytes,
        sha256: w.sha256,
        verified: true,
        cacheBypassed: w.cacheBypassed,
        filesystem: w.filesystem,
        cloudSyncedBy: cloudSyncedBy(w.directory),
        demo,
        stick: volume && { label: volume.label, canEject: await canEject(volume.device), howToRemove: safeRemovalAdvice(process.platform) },
        ...judged,
      });
      const keep = async () => {
        if (req.remember) await settings.remember(boxUrl, backupId, demo, recipient);
        if (req.acceptCloud && cloud()) {
          await settings.update((x) => {
            if (!x.cloudAccepted.includes(destination)) x.cloudAccepted.push(destination);
          });
        }
      };
      // A second archive of an unchanged backup to the same place is only a duplicate: asked first.
      let announced: BoxDigest | undefined;
      if (!req.duplicate && !req.version) {
        report.progress('connecting', 0, null);
        const existing = await alreadyThere({ boxUrl, backupId, directory: destination, catalog, demoBackupId: demo ? backupId : null, sealing: Boolean(recipient), volumes, signal: ctx.signal }).catch((err: unknown) => {
          if (ctx.signal?.aborted) throw new AppError('cancelled', `Cancelled. Nothing was written to the ${volume ? 'stick' : 'folder'}.`);
          throw err;
        });
        if (existing.found) {
          const { entry, manifest } = existing.found;
          await keep();
          return answer(entry, { backupBytes: manifest.files.reduce((sum, f) => sum + f.size, 0), files: manifest.files.length, formatVersion: manifest.formatVersion, removedOld: 0, status: 'ok', notes: [], alreadyThere: { createdAt: entry.createdAt, verifiedAt: entry.verifiedAt } });
        }
        if (existing.boxDigest !== 'unknown') announced = existing.boxDigest;
      }
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
        ...(announced ? { announced } : {}),
        ...(req.version ? { version: req.version } : {}),
      });
      await keep();
      // This box's speed, for the next archive's "how long" and a restore's first time left.
      await paces.note(boxUrl, 'download', report.measured('downloading'));
      await paces.note(boxUrl, 'archive', { bytes: result.backupBytes, seconds: (Date.now() - started) / 1000 });
      return answer(result, { backupBytes: result.backupBytes, files: result.files, formatVersion: result.formatVersion, removedOld: result.removedOld.length, status: result.verdict.status, notes: result.notes, alreadyThere: null });
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
    'archive.backupOnBox': async (req, ctx) => {
      const backupId = req.backupId ?? (req.useRemembered ? await settings.rememberedBackupId(normalizeBoxUrl(req.boxUrl)) : null);
      if (!backupId) return { onBox: 'unknown' as const, fromBox: null, bytes: null };
      return whichBox(catalog, req.boxUrl, backupId, ctx.signal);
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
