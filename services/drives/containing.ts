import { isAbsolute, relative } from 'node:path';
import type { VolumeIdentity } from './identity';
import type { Volume } from './parse';

const inside = (dir: string, root: string) => {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** The plugged-in removable volume a folder is on (the deepest mount point above it), if any. (Its own module: `idbox pull` needs only this.) */
export const volumeContaining = (directory: string, volumes: Volume[]): Volume | null =>
  volumes.filter((v) => inside(directory, v.mountPoint)).sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0] ?? null;

/**
 * The catalog's record of the volume a folder is on (services/archive/catalog.ts VolumeRecord,
 * version 1): a listed stick is named as the stick listing names it (so a test stick that is a plain
 * folder stays its own place), anything else by its filesystem's identity.
 */
export function volumeRecord(directory: string, volumes: Volume[], identity: VolumeIdentity | null) {
  const listed = volumeContaining(directory, volumes);
  const cut = (s: string | null | undefined) => (s ? s.slice(0, 200) : null);
  if (listed) {
    const disk = identity?.disk ?? { id: `vol:${listed.id}`, label: null };
    // A listed stick named only by its device (no UUID, not even from its superblock) is a weak name; a test stick's folder is its own.
    const deviceOnly = listed.id === listed.device || (identity !== null && identity.id === listed.id && identity.deviceOnly);
    return { v: 1 as const, id: listed.id.slice(0, 200), deviceOnly, mountPoint: listed.mountPoint, label: cut(listed.label), disk: { id: disk.id.slice(0, 200), label: cut(disk.label) } };
  }
  if (!identity) return undefined;
  return { v: 1 as const, id: identity.id.slice(0, 200), deviceOnly: identity.deviceOnly, mountPoint: identity.mountPoint, label: cut(identity.label), disk: { id: identity.disk.id.slice(0, 200), label: cut(identity.disk.label) } };
}
