import { stat } from 'node:fs/promises';
import { basename, isAbsolute, join, relative } from 'node:path';
import type { Place } from '../../shared/copies/model';
import { cutText } from '../../shared/cut';
import type { CatalogEntry, VolumeRecord } from '../archive/catalog';
import { PLACE_ID_MAX, PLACE_LABEL_MAX } from '../archive/catalog-file';
import { volumeContaining, volumeRecord } from '../drives/containing';
import type { volumeIdentities } from '../drives/identity';
import type { Volume } from '../drives/parse';

type Identities = ReturnType<typeof volumeIdentities>;

const inside = (dir: string, root: string) => {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

export const volumeFor = volumeContaining;

const short = (id: string) => (id.length > 14 ? id.slice(0, 8) : id);

/** A place as the catalog keeps it: its id and label cut where they enter (a stick's label may be 255 bytes or more). */
const placeOf = (id: string, label: string, kind: Place['kind'], detail?: string): Place => ({
  id: cutText(id, PLACE_ID_MAX),
  label: cutText(label, PLACE_LABEL_MAX),
  kind,
  ...(detail ? { detail: cutText(detail, PLACE_LABEL_MAX) } : {}),
});

/** A stick is one place however it is mounted: its volume id names it. */
export const stickPlace = (volumeId: string, label: string): Place => placeOf(`vol:${volumeId}`, label, 'stick', `volume ${short(volumeId)}`);

/** A folder on this computer: one place per physical disk, two folders on one disk are one place. */
export const folderPlace = (directory: string, volume: VolumeRecord): Place =>
  placeOf(`folder:${volume.disk.id}`, basename(directory) || directory, 'folder', volume.disk.label ? `on ${volume.disk.label}` : `on disk ${short(volume.disk.id.replace(/^disk:/, ''))}`);

const isFile = (path: string) => stat(path).then((s) => s.isFile(), () => false);

export interface Located {
  /** Where the file is now (another mount point of the same volume moves it). */
  path: string;
  place: Place;
  /** The file is there right now. */
  attached: boolean;
  /** Its volume is present but the file is not: deleted, no longer a copy. */
  gone: boolean;
  /** What the catalog should learn from this look (null: nothing). */
  learned: { path: string; volume?: VolumeRecord; movedTo?: string; gone?: { at: string; from: string } } | null;
}

/**
 * Where a catalog entry's copy is now. Its file is looked for where its volume is present (the
 * same volume at another mount point counts); a volume that is not present keeps its copy as "not
 * plugged in"; a present volume without the file means the copy is gone.
 */
export async function locate(entry: CatalogEntry, volumes: Volume[], ids: Identities, now: string): Promise<Located> {
  const recorded = entry.volume;
  if (!recorded) return locateUnrecorded(entry, volumes, ids);
  const same = volumes.filter((v) => v.id === recorded.id);
  const listed = same.find((v) => inside(entry.directory, v.mountPoint)) ?? same[0] ?? null;
  let mount = listed?.mountPoint ?? null;
  if (!mount) {
    const here = await ids.of(entry.directory);
    if (here?.id === recorded.id) mount = here.mountPoint;
  }
  const stick = entry.removable || listed !== null;
  const label = stick ? (listed?.label ?? entry.place?.label ?? recorded.label ?? basename(recorded.mountPoint)) : '';
  const place = stick ? stickPlace(recorded.id, label) : folderPlace(entry.directory, recorded);
  if (!mount) return { path: entry.path, place, attached: false, gone: false, learned: null };
  const rel = relative(recorded.mountPoint, entry.path);
  const path = rel.startsWith('..') || isAbsolute(rel) ? entry.path : join(mount, rel);
  if (await isFile(path)) {
    const movedTo = path !== entry.path ? path : undefined;
    const volume = movedTo ? { ...recorded, mountPoint: mount } : undefined;
    return { path, place, attached: true, gone: false, learned: movedTo ? { path: entry.path, movedTo, volume } : null };
  }
  // A stick known only by a device name may be another stick that took that name: its missing file proves nothing.
  if (stick && recorded.deviceOnly) return { path: entry.path, place, attached: false, gone: false, learned: null };
  return { path: entry.path, place, attached: false, gone: true, learned: entry.gone ? null : { path: entry.path, gone: { at: now, from: place.label } } };
}

/** An entry written before volumes were recorded: found by its path, and its volume learned while its file is there. */
async function locateUnrecorded(entry: CatalogEntry, volumes: Volume[], ids: Identities): Promise<Located> {
  const attached = await isFile(entry.path);
  const listed = volumeFor(entry.directory, volumes);
  const volume = attached ? volumeRecord(entry.directory, volumes, await ids.of(entry.directory)) : undefined;
  if (volume) {
    const place = entry.removable || listed ? stickPlace(volume.id, listed?.label ?? entry.place?.label ?? volume.label ?? basename(entry.directory)) : folderPlace(entry.directory, volume);
    return { path: entry.path, place, attached, gone: false, learned: { path: entry.path, volume } };
  }
  const place: Place =
    entry.place ??
    placeOf(`dir:${entry.directory}`, basename(entry.directory) || entry.directory, entry.removable ? 'stick' : 'folder');
  return { path: entry.path, place, attached, gone: false, learned: null };
}

/**
 * Entries of this volume written while it was mounted elsewhere, moved to where their file is now
 * (the scrub checks them by their present path, so the catalog must name it first).
 */
export async function movedOnto(volume: Volume, entries: CatalogEntry[]): Promise<{ path: string; movedTo: string; volume: VolumeRecord }[]> {
  const moves: { path: string; movedTo: string; volume: VolumeRecord }[] = [];
  for (const e of entries) {
    if (e.gone || e.volume?.id !== volume.id || e.volume.mountPoint === volume.mountPoint) continue;
    const rel = relative(e.volume.mountPoint, e.path);
    if (rel.startsWith('..') || isAbsolute(rel)) continue;
    const movedTo = join(volume.mountPoint, rel);
    if (await isFile(movedTo)) moves.push({ path: e.path, movedTo, volume: { ...e.volume, mountPoint: volume.mountPoint } });
  }
  return moves;
}
