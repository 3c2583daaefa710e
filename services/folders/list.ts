import { opendir, realpath } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, sep } from 'node:path';
import type { FolderListing } from '../../shared/contract/folders';
import { AppError } from '../../shared/errors';
import { listVolumes } from '../drives/list';
import { absoluteTypedPath } from './check';

/** At most this many entries are returned, and at most READ_LIMIT read, from one folder. */
const ENTRY_LIMIT = 1000;
const READ_LIMIT = 20_000;

const within = (path: string, root: string) => path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);

/** Where the browser may go: the home folder and every mounted stick or disk the app lists. */
async function places(): Promise<{ label: string; path: string }[]> {
  const out = [{ label: 'Home folder', path: await realpath(homedir()).catch(() => homedir()) }];
  for (const v of await listVolumes().catch(() => [])) {
    const path = await realpath(v.mountPoint).catch(() => null);
    if (path && !out.some((p) => p.path === path)) out.push({ label: v.label, path });
  }
  return out;
}

/**
 * One folder's sub-folders and `.idbox` archives for the browser host's folder browser (Electron
 * has its native dialog). Bounded: only inside the home folder or a mounted volume (symbolic links
 * followed first, so a link cannot lead out), hidden entries left out, at most 1000 entries.
 */
export async function listFolder(directory: string | null): Promise<FolderListing> {
  const roots = await places();
  const asked = directory === null ? roots[0]!.path : absoluteTypedPath(directory);
  const real = await realpath(asked).catch(() => {
    throw new AppError('not-found', `The folder "${asked}" is not there.`);
  });
  const root = roots.filter((p) => within(real, p.path)).sort((a, b) => b.path.length - a.path.length)[0];
  if (!root) throw new AppError('permission-denied', `The folder browser shows only your home folder and plugged-in sticks and disks, not "${real}". Type the path instead.`);
  const dir = await opendir(real).catch(() => {
    throw new AppError('permission-denied', `The app may not look into "${real}".`);
  });
  const entries: FolderListing['entries'] = [];
  let read = 0;
  let truncated = false;
  for await (const d of dir) {
    if (++read > READ_LIMIT) {
      truncated = true;
      break;
    }
    if (d.name.startsWith('.')) continue;
    const isFolder = d.isDirectory() || (d.isSymbolicLink() && (await realpath(join(real, d.name)).then((t) => roots.some((p) => within(t, p.path)), () => false)));
    if (isFolder) entries.push({ name: d.name, path: join(real, d.name), kind: 'folder' });
    else if (d.isFile() && d.name.toLowerCase().endsWith('.idbox')) entries.push({ name: d.name, path: join(real, d.name), kind: 'archive' });
  }
  entries.sort((a, b) => (a.kind === b.kind ? a.name.localeCompare(b.name) : a.kind === 'folder' ? -1 : 1));
  if (entries.length > ENTRY_LIMIT) truncated = true;
  const parent = real === root.path ? null : dirname(real);
  return { directory: real, parent, entries: entries.slice(0, ENTRY_LIMIT), truncated, places: roots };
}

