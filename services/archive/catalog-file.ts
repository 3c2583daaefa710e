import { z } from 'zod';
import { DIGEST_RE } from '../../shared/backup-digest';
import { cutText } from '../../shared/cut';
import { keepAside, readJsonValue, setFileAside, writeJsonAtomic } from '../atomic-json';

/**
 * The catalog file's records: what its reader requires, and the one place they are cut and
 * checked before they are written. A record the reader would refuse is set aside alone (kept in
 * `catalog.json.set-aside.jsonl` and logged), never the whole catalog.
 */
export const PLACE_ID_MAX = 200;
export const PLACE_LABEL_MAX = 200;
export const FAILURE_MESSAGE_MAX = 500;

/**
 * Which volume (filesystem) an archive was written to, and the physical disk under it: what makes
 * two mount points of one stick one place, and tells a deleted copy from an unplugged one. Its own
 * version number, so a later shape can be told apart; absent in entries written before it existed.
 */
export const VolumeRecord = z.object({
  v: z.literal(1),
  id: z.string().min(1).max(PLACE_ID_MAX),
  /** The id is only a device or mount name (no UUID or serial was readable): a missing file there is never called deleted. */
  deviceOnly: z.boolean().default(false),
  /** Where the volume was mounted when the archive was written (the file's path is under it). */
  mountPoint: z.string().min(1).max(4096),
  label: z.string().max(PLACE_LABEL_MAX).nullable(),
  disk: z.object({ id: z.string().min(1).max(PLACE_ID_MAX), label: z.string().max(PLACE_LABEL_MAX).nullable() }),
});
export type VolumeRecord = z.infer<typeof VolumeRecord>;

/** The verdict on the archive's content when it was written (services/inspect/verdict.ts), for Copies and the shrink guard. */
export const CatalogContent = z.object({
  status: z.enum(['ok', 'incomplete', 'corrupt', 'invalid']),
  bundle: z.boolean(),
  keyFiles: z.number().int().nonnegative().max(100_000),
  didDocuments: z.number().int().nonnegative().max(100_000),
  /** Fewer identities, or no bundle, than the newest complete archive of the same backup had. */
  shrunk: z.boolean().optional(),
});
export type CatalogContent = z.infer<typeof CatalogContent>;

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
  lastFailure: z.object({ at: z.string(), message: z.string().max(FAILURE_MESSAGE_MAX) }).nullable().optional(),
  /** The stick or disk it is on, learned while attached, so an unplugged stick still has its name. */
  place: z.object({ id: z.string().max(PLACE_ID_MAX), label: z.string().max(PLACE_LABEL_MAX), kind: z.enum(['stick', 'folder']) }).optional(),
  /** The volume it was written to (services/drives/identity.ts), recorded by the writer; a damaged record is dropped, not the entry. */
  volume: VolumeRecord.optional().catch(undefined),
  /** Its file was found missing while its volume was present: deleted, no longer a copy (kept so History can say so). */
  gone: z.object({ at: z.string().max(40), from: z.string().max(PLACE_LABEL_MAX) }).optional().catch(undefined),
  /** The verdict on its content (can it bring the identities back?); absent in entries recorded before it existed. */
  content: CatalogContent.optional(),
});
export type CatalogEntry = z.infer<typeof CatalogEntry>;

export interface CatalogFile {
  version: 1;
  archives: CatalogEntry[];
}

/** Texts with a limit, cut where they enter (a stick's label can be 255 bytes or more, a failure notice anything). */
export function fitEntry(entry: CatalogEntry): CatalogEntry {
  return {
    ...entry,
    backupIdPrefix: entry.backupIdPrefix.slice(0, 8),
    ...(entry.lastFailure ? { lastFailure: { at: entry.lastFailure.at, message: cutText(entry.lastFailure.message, FAILURE_MESSAGE_MAX) } } : {}),
    ...(entry.place ? { place: { ...entry.place, id: cutText(entry.place.id, PLACE_ID_MAX), label: cutText(entry.place.label, PLACE_LABEL_MAX) } } : {}),
    ...(entry.volume
      ? {
          volume: {
            ...entry.volume,
            label: entry.volume.label === null ? null : cutText(entry.volume.label, PLACE_LABEL_MAX),
            disk: { ...entry.volume.disk, label: entry.volume.disk.label === null ? null : cutText(entry.volume.disk.label, PLACE_LABEL_MAX) },
          },
        }
      : {}),
    ...(entry.gone ? { gone: { ...entry.gone, from: cutText(entry.gone.from, PLACE_LABEL_MAX) } } : {}),
  };
}

const reasonOf = (error: z.ZodError) =>
  error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'record'}: ${i.message}`)
    .join('; ');

/** Every record cut and checked as the reader will check it; the ones that still do not pass. */
function checked(records: unknown[]): { good: CatalogEntry[]; bad: { reason: string; record: unknown }[] } {
  const good: CatalogEntry[] = [];
  const bad: { reason: string; record: unknown }[] = [];
  for (const record of records) {
    const parsed = CatalogEntry.safeParse(record);
    if (parsed.success) good.push(parsed.data);
    else bad.push({ reason: reasonOf(parsed.error), record });
  }
  return { good, bad };
}

/** Checks one record before it is written: the reader must accept it. Null when it would not. */
export function validEntry(entry: CatalogEntry): CatalogEntry | null {
  const parsed = CatalogEntry.safeParse(fitEntry(entry));
  return parsed.success ? parsed.data : null;
}

const Shell = z.object({ version: z.literal(1), archives: z.array(z.unknown()) });

/**
 * Reads the catalog: each record on its own. `bad` holds the records the reader refuses (the
 * caller sets them aside under the catalog's lock). A file that is not a catalog at all (not JSON,
 * another version) is set aside whole, as nothing in it can be read.
 */
export async function readCatalogFile(path: string): Promise<{ file: CatalogFile; bad: { reason: string; record: unknown }[] }> {
  const empty = { file: { version: 1 as const, archives: [] }, bad: [] };
  const read = await readJsonValue(path);
  if (read === 'missing') return empty;
  const shell = read === 'unreadable' ? null : Shell.safeParse(read.value);
  if (!shell?.success) {
    await setFileAside(path);
    return empty;
  }
  const { good, bad } = checked(shell.data.archives);
  return { file: { version: 1, archives: good }, bad };
}

/** Writes the catalog; a record that would not read back is set aside, not written. */
export async function writeCatalogFile(path: string, file: CatalogFile, setAside: { reason: string; record: unknown }[] = []): Promise<void> {
  const { good, bad } = checked(file.archives.map((e) => fitEntry(e)));
  await keepAside(path, [...setAside, ...bad]);
  await writeJsonAtomic(path, { version: 1, archives: good });
}
