import { createHash } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { ARCHIVE_NAME_RE } from '../../../shared/archive/manifest';
import { readJson, writeJsonAtomic } from '../atomic-json';
import { createLogger } from '../log';

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
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

const CatalogFile = z.object({ version: z.literal(1), archives: z.array(CatalogEntry) });

export const backupRef = (backupId: string) => createHash('sha256').update(`idbox-catalog:${backupId}`).digest('hex');

export function createCatalog(dataDir: string) {
  const path = join(dataDir, 'catalog.json');
  let queue: Promise<unknown> = Promise.resolve();
  // One writer at a time: every change is read-modify-write of the whole file.
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  };
  const load = () => readJson(path, CatalogFile, { version: 1 as const, archives: [] });

  return {
    list: async (): Promise<CatalogEntry[]> => (await load()).archives.sort((a, b) => b.createdAt.localeCompare(a.createdAt)),

    /** Records a verified archive, then applies retention: keeps the newest `keep` per backup per folder. */
    record: (entry: CatalogEntry, keep: number) =>
      serial(async () => {
        const file = await load();
        file.archives = file.archives.filter((a) => a.path !== entry.path);
        file.archives.push(entry);
        const siblings = file.archives
          .filter((a) => a.backupRef === entry.backupRef && a.directory === entry.directory && a.demo === entry.demo)
          .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
        const expired = siblings.slice(Math.max(1, keep));
        const removed: string[] = [];
        for (const old of expired) {
          // Only ever delete files that are ours by name, and only now that a newer one verified.
          if (!ARCHIVE_NAME_RE.test(basename(old.path))) continue;
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
  };
}

export type Catalog = ReturnType<typeof createCatalog>;
