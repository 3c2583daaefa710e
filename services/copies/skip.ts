import { boxFiles, manifestBelongsTo } from '../../shared/archive/manifest';
import { backupDigest } from '../../shared/backup-digest';
import type { Catalog } from '../archive/catalog';
import { listArchives } from '../archive/list';
import { createBoxClient, type BoxDigest } from '../box/client';
import type { Volume } from '../drives/parse';
import { createLogger } from '../log';
import { readManifest } from './manifest';
import { checkCopy } from './verify';

const log = createLogger('copies-skip');

/**
 * Archives looked at on one stick when deciding whether it is up to date: as many as retention may
 * keep, whatever their dates (the newest by date may be one made while the clock was ahead). Only
 * their manifests are read; only one with the box's digest is read back whole.
 */
const LOOK_AT = 1000;

/**
 * Is there already a current, intact copy of this backup in `directory`? True only when the box
 * answers with a digest, an archive there has the same digest, and that archive reads back intact
 * right now (the outcome is recorded in the catalog). Anything less means "write a fresh one".
 * Returns the archive's path, or null, and the box's answer (which the pull that follows reuses).
 */
export async function upToDateCopy(options: {
  boxUrl: string;
  backupId: string;
  directory: string;
  catalog: Catalog;
  demoBackupId?: string | null;
  signal?: AbortSignal;
  /** The stick it is on, as listed: an archive taken into the catalog is recorded on that volume. */
  volumes?: Volume[];
}): Promise<{ path: string | null; boxDigest: BoxDigest; content: 'ok' | 'incomplete' | 'damaged' | null }> {
  const reply: BoxDigest = await createBoxClient(options.boxUrl)
    .backupDigest(options.backupId, options.signal)
    .catch(() => 'unknown' as const);
  const none = { path: null, boxDigest: reply, content: null };
  if (reply === 'unknown' || 'notFound' in reply) return none;
  for (const archive of (await listArchives(options.directory).catch(() => [])).slice(0, LOOK_AT)) {
    const manifest = await readManifest(archive.path).catch(() => null);
    if (!manifest || !manifestBelongsTo(manifest, options.backupId) || backupDigest(boxFiles(manifest)).digest !== reply.digest) continue;
    const outcome = await checkCopy(
      { path: archive.path, backupRef: null, createdAt: manifest.createdAt, removable: true },
      { catalog: options.catalog, signal: options.signal, demoBackupId: options.demoBackupId ?? null, volumes: options.volumes },
    );
    // Intact, and the same as the box's backup now: a fresh archive would hold the very same files,
    // restorable or not (the verdict goes with it, so an incomplete one is never called good).
    if (outcome === 'ok' || outcome === 'incomplete' || outcome === 'damaged') return { path: archive.path, boxDigest: reply, content: outcome };
    log.warn('a current copy on the stick did not read back intact; writing a fresh one');
  }
  return none;
}
