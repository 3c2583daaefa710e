import { createHash } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { backupFingerprint } from '../../shared/archive/fingerprint';
import { ARCHIVE_NAME_RE, type Manifest } from '../../shared/archive/manifest';
import { AppError } from '../../shared/errors';
import { serializedFor } from '../file-lock';
import { createLogger } from '../log';
import { readCatalogFile, validEntry, writeCatalogFile, type CatalogEntry, type CatalogFile, type VolumeRecord } from './catalog-file';
import { contentOf, isGoodCopy, type CatalogContent } from './shrink';
import { adoptUnrecorded, reportUnrecorded } from './unrecorded';

const log = createLogger('catalog');

export { CatalogEntry, VolumeRecord } from './catalog-file';

export const backupRef = (backupId: string) => createHash('sha256').update(`idbox-catalog:${backupId}`).digest('hex');

/**
 * The catalog's reference for an archive's backup: format 1 holds the id; format 2 only its
 * fingerprint, matched against the ids this app knows (remembered, demo), else a reference of the
 * fingerprint alone (its copies still group together).
 */
export function manifestRef(manifest: Manifest, knownIds: readonly (string | null | undefined)[]): string {
  if (manifest.formatVersion === 1) return backupRef(manifest.backupId);
  const known = knownIds.find((id) => id && backupFingerprint(id) === manifest.backupFingerprint);
  return known ? backupRef(known) : createHash('sha256').update(`idbox-catalog-fingerprint:${manifest.backupFingerprint}`).digest('hex');
}

export function createCatalog(dataDir: string) {
  const path = join(dataDir, 'catalog.json');
  // One writer at a time: every change is read-modify-write of the whole file, and the app, its
  // automation and any idbox process may record at once. Shared by every catalog object of this
  // folder in this process, and locked against other processes.
  const serial = serializedFor(
    path,
    () => new AppError('write-failed', 'Another program on this computer kept the list of archives busy for over a minute. Try again.'),
  );
  /**
   * The catalog, and the records in it that its reader refuses; those are set aside (kept in a
   * side file, logged) by the next write, which happens under the lock.
   */
  const load = readCatalogFile.bind(null, path);
  /** Read-modify-write of the whole file, one at a time; writes when `change` says it changed something (or a record is set aside). */
  const mutate = (change: (file: CatalogFile) => boolean) =>
    serial(async () => {
      const { file, bad } = await load();
      if (change(file) || bad.length) await writeCatalogFile(path, file, bad);
    });

  return {
    list: async (): Promise<CatalogEntry[]> => {
      const { file, bad } = await load();
      if (bad.length) await mutate(() => false).catch(() => log.warn('could not set the invalid records aside now; they are skipped'));
      return file.archives.sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    },

    /**
     * Records a verified archive, then applies retention: keeps `keep` per backup per folder. The
     * archive just written is always kept. The others are ranked by what is known rather than by
     * the clock alone: copies whose last re-read failed go first, and a date later than the new
     * archive's (a clock that was ahead, or went back) counts as no newer than it.
     */
    record: (recorded: CatalogEntry, keep: number) =>
      serial(async () => {
        const entry = validEntry(recorded);
        if (!entry) throw new AppError('write-failed', 'This archive could not be described in the list of archives (one of its details is not valid).');
        const { file, bad } = await load();
        file.archives = file.archives.filter((a) => a.path !== entry.path);
        file.archives.push(entry);
        const siblings = file.archives.filter((a) => a.path !== entry.path && a.backupRef === entry.backupRef && a.directory === entry.directory && a.demo === entry.demo);
        // The folder holds the new archive, so it is attached: a sibling whose file is gone is known lost.
        const present = await Promise.all(siblings.map((a) => stat(a.path).then((st) => st.isFile(), () => false)));
        // An entry recorded before the catalog kept verdicts is judged from its file once, and the
        // verdict is kept with it (this write saves it), so the next pull does not read it again.
        const good = await Promise.all(
          siblings.map(async (a, i) => {
            if (!present[i] || a.lastFailure) return false;
            const content = await contentOf(a);
            if (content && !a.content) a.content = content;
            return isGoodCopy(content);
          }),
        );
        const others = siblings
          .map((a, i) => ({ a, failed: !present[i] ? 3 : a.lastFailure ? 2 : good[i] ? 0 : 1, date: a.createdAt > entry.createdAt ? entry.createdAt : a.createdAt }))
          .sort((x, y) => x.failed - y.failed || y.date.localeCompare(x.date) || y.a.verifiedAt.localeCompare(x.a.verifiedAt))
          .map((x) => x.a);
        // A new archive that is not a good copy retires only other such copies: no complete archive is
        // retired while the newer ones are incomplete or shrunken (an interrupted phone backup archived
        // again and again, by hand, on schedule or on every plug-in, never rotates a good copy out).
        const newIsGood = isGoodCopy(await contentOf(entry));
        const goodPaths = new Set(siblings.filter((_, i) => good[i]).map((a) => a.path));
        const expired = (newIsGood ? others : others.filter((a) => !goodPaths.has(a.path))).slice(Math.max(0, keep - 1));
        const removed: string[] = [];
        const newPath = resolve(entry.path);
        for (const old of expired) {
          // Only ever delete files that are ours by name, never the new one, and only now that it verified.
          if (!ARCHIVE_NAME_RE.test(basename(old.path)) || resolve(old.path) === newPath) continue;
          await rm(old.path, { force: true });
          removed.push(old.path);
        }
        file.archives = file.archives.filter((a) => !removed.includes(a.path));
        await writeCatalogFile(path, file, bad);
        if (removed.length) log.info(`retention removed ${removed.length} older archive(s) in ${entry.directory}`);
        return removed;
      }),

    /** Forgets an archive (the file itself is left alone). True when it was in the catalog. */
    forget: async (archivePath: string) => {
      let forgotten = false;
      await mutate((file) => {
        const before = file.archives.length;
        file.archives = file.archives.filter((a) => a.path !== archivePath);
        forgotten = file.archives.length !== before;
        return forgotten;
      });
      return forgotten;
    },

    /**
     * Records the outcome of re-reading an archive (scrub, "Verify all", `idbox verify --record`).
     * An archive the catalog does not know yet is added when `adopt` describes it (no retention).
     */
    recordCheck: (archivePath: string, outcome: { at: string; failure: string | null; content?: CatalogContent }, adopt?: CatalogEntry) =>
      mutate((file) => {
        let entry = file.archives.find((a) => a.path === archivePath);
        if (!entry) {
          if (!adopt) return false;
          entry = { ...adopt, path: archivePath };
          file.archives.push(entry);
        }
        if (outcome.failure === null) {
          entry.verifiedAt = outcome.at;
          delete entry.gone;
          entry.lastFailure = null;
        } else {
          entry.lastFailure = { at: outcome.at, message: outcome.failure };
        }
        // The verdict on what was read (a shrink noted when it was written still holds).
        if (outcome.content) entry.content = { ...outcome.content, ...(entry.content?.shrunk ? { shrunk: true } : {}) };
        return true;
      }),

    /** Records the verdict on an archive recorded before the catalog kept one (judged once, from its file). */
    recordContent: (archivePath: string, content: CatalogContent) =>
      mutate((file) => {
        const entry = file.archives.find((a) => a.path === archivePath);
        if (!entry || entry.content) return false;
        entry.content = content;
        return true;
      }),

    /** Adopts the verified archives an earlier run could not record (./unrecorded.ts): at start, and before a pull. */
    adoptUnrecorded: (directories: string[]) =>
      adoptUnrecorded(dataDir, directories, (entry) =>
        mutate((file) => {
          if (file.archives.some((a) => a.path === entry.path)) return false;
          file.archives.push(entry);
          return true;
        }),
      ),

    /** A verified archive that could not be recorded: reported as exactly that, noted for the next start. */
    reportUnrecorded: (entry: CatalogEntry, err: unknown): Promise<never> => reportUnrecorded(dataDir, entry, err),

    /**
     * What a look at the volumes found: an archive's volume learned (older entries), its file now at
     * another mount point of the same volume (the path follows), or its file gone from a volume that
     * is present (retired: it no longer counts, and History says where it was deleted from).
     */
    recordSeen: (changes: { path: string; volume?: VolumeRecord; movedTo?: string; gone?: { at: string; from: string } }[]) =>
      mutate((file) => {
        let changed = false;
        for (const c of changes) {
          const entry = file.archives.find((a) => a.path === c.path);
          if (!entry) continue;
          if (c.movedTo && !file.archives.some((a) => a.path === c.movedTo)) {
            entry.path = c.movedTo;
            entry.directory = dirname(c.movedTo);
          }
          if (c.volume) entry.volume = c.volume;
          if (c.gone && !entry.gone) entry.gone = c.gone;
          changed = true;
        }
        return changed;
      }),
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
