import { readdir, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { ARCHIVE_EXTENSION } from '../../shared/archive/manifest-core';

/**
 * The archives under the paths given to `idbox verify` (and the app's folder scan), in path
 * order: folder by folder, names in order, so the lines come out the same on every run. Bounded
 * (folders are hostile: a stick may hold millions of entries or a deep tree), lazy (memory stays
 * flat however many archives), and nothing is passed over in silence: what was not looked at is
 * counted in `skipped`.
 */
export const WALK_LIMITS = { depth: 32, entries: 2_000_000 };

export interface Skipped {
  /** Folders that could not be read (first few, and how many). */
  unreadableFolders: string[];
  unreadableFolderCount: number;
  /** Links to folders: never followed (a link may loop back to a parent). */
  folderLinks: number;
  /** Folders deeper than WALK_LIMITS.depth below a given path. */
  tooDeep: number;
  /** The walk stopped after WALK_LIMITS.entries entries. */
  stoppedAtLimit: boolean;
}

export const noneSkipped = (s: Skipped) => s.unreadableFolderCount === 0 && s.folderLinks === 0 && s.tooDeep === 0 && !s.stoppedAtLimit;

/** Names (and paths, part by part) in order of UTF-16 code units, as every list in the app sorts. */
export function comparePaths(a: string, b: string): number {
  const x = a.split(sep);
  const y = b.split(sep);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
}

interface Item {
  path: string;
  folder: boolean;
  /** The listing called it a regular file (the reader may open it without an lstat first). */
  file: boolean;
}

/** An archive to check: its path, and whether the folder listing called it a regular file. */
export interface WalkEntry {
  path: string;
  listedAsFile: boolean;
}

/** Archive paths under `paths` (themselves, when they are not folders), in path order. */
export async function* archivePaths(paths: string[], recursive: boolean, skipped: Skipped = newSkipped(), limits = WALK_LIMITS): AsyncGenerator<string> {
  for await (const entry of archiveEntries(paths, recursive, skipped, limits)) yield entry.path;
}

/** The archives under `paths` (themselves, when they are not folders), in path order. */
export async function* archiveEntries(paths: string[], recursive: boolean, skipped: Skipped = newSkipped(), limits = WALK_LIMITS): AsyncGenerator<WalkEntry> {
  let entries = 0;
  /** One folder's archives and sub-folders, by name; null when it cannot be read (counted). */
  const listFolder = async (dir: string): Promise<Item[] | null> => {
    const names = await readdir(dir, { withFileTypes: true }).catch(() => null);
    if (!names) {
      if (skipped.unreadableFolders.length < 5) skipped.unreadableFolders.push(dir);
      skipped.unreadableFolderCount++;
      return null;
    }
    entries += names.length;
    if (entries > limits.entries) {
      skipped.stoppedAtLimit = true;
      return null;
    }
    names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const items: Item[] = [];
    for (const entry of names) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (recursive) items.push({ path: full, folder: true, file: false });
      } else if (entry.name.endsWith(ARCHIVE_EXTENSION)) {
        // Anything else named like an archive gets a line: a file, a link (followed once by the
        // reader), or a device or pipe (which the verdict names as not a file).
        items.push({ path: full, folder: false, file: entry.isFile() });
      } else if (recursive && entry.isSymbolicLink() && (await stat(full).then((s) => s.isDirectory(), () => false))) {
        skipped.folderLinks++; // a link to a folder is not followed
      }
    }
    return items;
  };

  for (const root of [...paths].sort(comparePaths)) {
    const info = await stat(root).catch(() => null);
    if (!info?.isDirectory()) {
      yield { path: root, listedAsFile: false }; // a file, something that is not one, or nothing: the verdict says which
      continue;
    }
    // Depth first, each folder's names in order: its archives and sub-folders take turns by name.
    const first = await listFolder(root);
    const stack: { items: Item[]; at: number; depth: number }[] = first ? [{ items: first, at: 0, depth: 0 }] : [];
    while (stack.length && !skipped.stoppedAtLimit) {
      const top = stack[stack.length - 1]!;
      if (top.at >= top.items.length) {
        stack.pop();
        continue;
      }
      const item = top.items[top.at++]!;
      if (!item.folder) yield { path: item.path, listedAsFile: item.file };
      else if (top.depth + 1 > limits.depth) skipped.tooDeep++;
      else {
        const items = await listFolder(item.path);
        if (items) stack.push({ items, at: 0, depth: top.depth + 1 });
      }
    }
    if (skipped.stoppedAtLimit) return;
  }
}

export const newSkipped = (): Skipped => ({ unreadableFolders: [], unreadableFolderCount: 0, folderLinks: 0, tooDeep: 0, stoppedAtLimit: false });
