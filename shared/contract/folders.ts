import { z } from 'zod';
import { call } from './define';

const Typed = z.string().max(4096);

/** What a typed folder path turned out to be, checked at once (before anything is written there). */
export const FolderCheck = z.object({
  /** The full path: `~` expanded; the typed text itself when it is not a full path. */
  path: z.string(),
  state: z.enum(['ready', 'missing', 'not-a-full-path', 'not-a-folder', 'not-a-disk', 'not-writable']),
  /** One sentence for any state but ready. */
  sentence: z.string().nullable(),
  /** A missing folder that the app can make (its nearest existing parent is a real folder it may write in). */
  canCreate: z.boolean(),
});
export type FolderCheck = z.infer<typeof FolderCheck>;

export const FolderEntry = z.object({
  name: z.string(),
  path: z.string(),
  kind: z.enum(['folder', 'archive']),
});
export type FolderEntry = z.infer<typeof FolderEntry>;

export const FolderListing = z.object({
  directory: z.string(),
  /** The folder above, or null at the top of a place the listing may show. */
  parent: z.string().nullable(),
  /** Sub-folders first, then `.idbox` archives, by name; other files are not listed. */
  entries: z.array(FolderEntry),
  /** More entries than the listing returns. */
  truncated: z.boolean(),
  /** Where browsing may start: the home folder and each mounted stick or disk. */
  places: z.array(z.object({ label: z.string(), path: z.string() })),
});
export type FolderListing = z.infer<typeof FolderListing>;

export const foldersCalls = {
  /** The path rule every path field shares: expand `~`, refuse a relative path, then look at the folder. */
  'folders.check': call(z.object({ path: Typed }), FolderCheck),
  /** Makes a missing folder (and missing parents) that folders.check offered to create. */
  'folders.create': call(z.object({ path: Typed }), FolderCheck),
  /**
   * The browser host's folder browser: one folder's sub-folders and archives, only within the
   * person's home folder and mounted volumes. null: the home folder.
   */
  'folders.list': call(z.object({ directory: Typed.nullable() }), FolderListing),
};
