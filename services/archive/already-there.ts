import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Manifest } from '../../shared/archive/manifest';
import type { BoxDigest } from '../box/client';
import { readManifest } from '../copies/manifest';
import { upToDateCopy } from '../copies/skip';
import type { Volume } from '../drives/parse';
import { backupRef, type Catalog, type CatalogEntry } from './catalog';

export interface AlreadyThere {
  entry: CatalogEntry;
  manifest: Manifest;
}

/**
 * Before a manual archive: is the backup the box holds now already in this place, as an archive
 * that was just read back whole and judged restorable (the one verdict, services/inspect/verdict.ts,
 * through the check automatic archiving makes: services/copies/skip.ts)? Then writing again would
 * only make a duplicate, and the person is asked first. An archive whose key files are not sealed
 * does not count when this archive would seal them. The box's digest answer is handed on, so the
 * pull that may follow does not ask the box again.
 */
export async function alreadyThere(options: {
  boxUrl: string;
  backupId: string;
  directory: string;
  catalog: Catalog;
  demoBackupId: string | null;
  /** This archive would seal the key files (format 2). */
  sealing: boolean;
  volumes: Volume[];
  signal?: AbortSignal;
}): Promise<{ found: AlreadyThere | null; boxDigest: BoxDigest }> {
  // Only a place this app already archived this backup to can hold it: elsewhere the box is not asked twice.
  const ref = backupRef(options.backupId);
  const known = (await options.catalog.list()).some((e) => e.backupRef === ref && resolve(e.directory) === resolve(options.directory) && !e.gone);
  if (!known) return { found: null, boxDigest: 'unknown' };
  const copy = await upToDateCopy(options);
  if (!copy.path || copy.content !== 'ok') return { found: null, boxDigest: copy.boxDigest };
  const manifest = await readManifest(copy.path).catch(() => null);
  const entry = (await options.catalog.list()).find((e) => e.path === copy.path);
  if (!manifest || !entry || (options.sealing && manifest.formatVersion === 1)) return { found: null, boxDigest: copy.boxDigest };
  // The screen shows the catalog's facts (size, date) of the file just read: only when they are that
  // file's. Another file under the same name (another stick at the same mount point) is not claimed.
  const size = await stat(copy.path).then((st) => st.size, () => -1);
  if (size !== entry.bytes || Date.parse(manifest.createdAt) !== Date.parse(entry.createdAt)) return { found: null, boxDigest: copy.boxDigest };
  return { found: { entry, manifest }, boxDigest: copy.boxDigest };
}
