import { createHash } from 'node:crypto';
import { rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { z } from 'zod';
import { ARCHIVE_NAME_RE } from '../../shared/archive/manifest';
import { DIGEST_RE } from '../../shared/backup-digest';
import { AppError } from '../../shared/errors';
import { readJson, writeJsonAtomic } from '../atomic-json';
import { serializedFor } from '../file-lock';
import { createLogger } from '../log';
import { CatalogContent, contentOf, isGoodCopy } from './shrink';

const log = createLogger('catalog');

/**
 * The catalog of archives this app wrote and verified: a versioned, validated JSON file in the
 * app data folder. It never holds a full backup id: `backupRef` is a one-way hash of it.
 */
export const CatalogEntry = z.object({
  path: z.string(),
  directory: z.string(),
  fileName: z.string(),
  backupIdPrefix: z.string().max(8),
  backupRef: z.string().regex(/^[0-9a-f]{64}$/),
  sourceBox: z.string().nullable(),
  createdAt: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  verifiedAt: z.string(),
  cacheBypassed: z.boolean(),
  filesystem: z.string(),
  /** An archive of the made-up demo backup: shown as DEMO, never counted as the user's backup. */
  demo: z.boolean().default(false),
  /** Written to a removable volume (a stick), not to a folder on this computer. */
  removable: z.boolean().default(false),
  /** Digest of the archive's file list (shared/backup-digest.ts): compared with the box's. */
  digest: z.string().regex(DIGEST_RE).optional(),
  /** The last re-read failed (after verifiedAt): the copy cannot be trusted. */
  lastFailure: z.object({ at: z.string(), message: z.string().max(500) }).nullable().optional(),
  /** The stick or disk it is on, learned while attached, so an unplugged stick still has its name. */
  place: z.object({ id: z.string().max(200), label: z.string().max(200), kind: z.enum(['stick', 'folder']) }).optional(),
  content: CatalogContent.optional(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

const CatalogFile = z.object({ version: z.literal(1), archives: z.array(CatalogEntry) });

export const backupRef = (backupId: string) => createHash('sha256').update(`idbox-catalog:${backupId}`).digest('hex');

export function createCatalog(dataDir: string) {
  const path = join(dataDir, 'catalog.json');
  // One writer at a time: every change is read-modify-write of the whole file, and the app, its
  // automation and any idbox process may record at once. Shared by every catalog object of this
  // folder in this process, and locked against other processes.
  const serial = serializedFor(
    path,
    () => new AppError('write-failed', 'Another program on this computer kept the list of archives busy for over a minute. Try again.'),
  );
  const load = () => readJson(path, CatalogFile, { version: 1 as const, archives: [] });
  /** Read-modify-write of the whole file, one at a time; writes only when `change` says it changed something. */
  const mutate = (change: (file: z.infer<typeof CatalogFile>) => boolean) =>
    serial(async () => {
      const file = await load();
      if (change(file)) await writeJsonAtomic(path, file);
    });

  return {
    list: async (): Promise<CatalogEntry[]> => (await load()).archives.sort((a, b) => b.createdAt.localeCompare(a.createdAt)),

    /**
     * Records a verified archive, then applies retention: keeps `keep` per backup per folder. The
     * archive just written is always kept. The others are ranked by what is known rather than by
     * the clock alone: copies whose last re-read failed go first, then copies that cannot bring
     * every identity back (incomplete, damaged or shrunken), and a date later than the new
     * archive's (a clock that was ahead, or went back) counts as no newer than it. A new archive
     * that is not a good copy retires only other such copies: no complete archive is retired
     * while the newer ones are incomplete or shrunken, so an interrupted phone backup archived
     * again and again (by hand, on schedule, on every plug-in) never rotates a good copy out.
     */
    record: (entry: CatalogEntry, keep: number) =>
      serial(async () => {
        const file = await load();
        file.archives = file.archives.filter((a) => a.path !== entry.path);
        file.archives.push(entry);
        const siblings = file.archives.filter((a) => a.path !== entry.path && a.backupRef === entry.backupRef && a.directory === entry.directory && a.demo === entry.demo);
        // The folder holds the new archive, so it is attached: a sibling whose file is gone is known lost.
        const present = await Promise.all(siblings.map((a) => stat(a.path).then((st) => st.isFile(), () => false)));
        const good = await Promise.all(siblings.map(async (a, i) => present[i]! && !a.lastFailure && isGoodCopy(await contentOf(a))));
        const others = siblings
          .map((a, i) => ({ a, failed: !present[i] ? 3 : a.lastFailure ? 2 : good[i] ? 0 : 1, date: a.createdAt > entry.createdAt ? entry.createdAt : a.createdAt }))
          .sort((x, y) => x.failed - y.failed || y.date.localeCompare(x.date) || y.a.verifiedAt.localeCompare(x.a.verifiedAt))
          .map((x) => x.a);
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
        await writeJsonAtomic(path, file);
        if (removed.length) log.info(`retention removed ${removed.length} older archive(s) in ${entry.directory}`);
        return removed;
      }),

    /** Forgets an archive (the file itself is left alone). True when it was in the catalog. */
    forget: (archivePath: string) =>
      serial(async () => {
        const file = await load();
        const before = file.archives.length;
        file.archives = file.archives.filter((a) => a.path !== archivePath);
        if (file.archives.length !== before) await writeJsonAtomic(path, file);
        return file.archives.length !== before;
      }),

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
          entry.lastFailure = null;
        } else {
          entry.lastFailure = { at: outcome.at, message: outcome.failure.slice(0, 500) };
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

    /** Remembers which stick or disk holds these archives (seen while it was attached). */
    recordPlace: (paths: string[], place: NonNullable<CatalogEntry['place']>) =>
      mutate((file) => {
        let changed = false;
        for (const entry of file.archives) {
          if (!paths.includes(entry.path) || JSON.stringify(entry.place) === JSON.stringify(place)) continue;
          entry.place = place;
          changed = true;
        }
        return changed;
      }),
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
