import { z } from 'zod';
import { OperationId } from './app';
import { call } from './define';

const BackupId = z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'backup id');
const Path = z.string().min(1).max(4096);

export const PullResult = z.object({
  archive: z.string(),
  fileName: z.string(),
  directory: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  files: z.number(),
  /** True only after the archive was read back from disk and every checksum matched. */
  verified: z.literal(true),
  cacheBypassed: z.boolean(),
  filesystem: z.string(),
  removedOld: z.number(),
  cloudSyncedBy: z.string().nullable(),
  /** An archive of the made-up demo backup, not the user's own. */
  demo: z.boolean(),
  /** The verdict (services/inspect/verdict.ts): ok only when this copy can bring the identities back. */
  status: z.enum(['ok', 'incomplete', 'corrupt', 'invalid']),
  /** What a person must know about this copy (incomplete, damaged, fewer identities), each with the next step. */
  notes: z.array(z.object({ sentence: z.string(), nextStep: z.string() })),
  /** The removable volume it went to, or null for a folder on this computer. */
  stick: z
    .object({
      label: z.string(),
      /** This system can eject it from the app; otherwise `howToRemove` says how to do it by hand. */
      canEject: z.boolean(),
      howToRemove: z.string(),
    })
    .nullable(),
});

export const CatalogItem = z.object({
  path: z.string(),
  directory: z.string(),
  fileName: z.string(),
  backupIdPrefix: z.string(),
  sourceBox: z.string().nullable(),
  createdAt: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  verifiedAt: z.string(),
  /** Whether the file is still where it was written (a stick may be unplugged). */
  present: z.boolean(),
  /** Why it is not there: its stick is not plugged in, its folder is gone, or the file alone is missing. */
  absence: z.enum(['stick-not-plugged-in', 'folder-missing', 'file-missing']).nullable(),
  /** An archive of the made-up demo backup: never counted as the user's backup. */
  demo: z.boolean(),
  removable: z.boolean(),
  /** Its last re-read failed (scrub, "Verify all", `idbox verify --record`): it cannot be trusted. */
  lastFailure: z.object({ at: z.string(), message: z.string() }).nullable(),
  /** The verdict on its content (can it bring the identities back?); null for an entry not judged yet. */
  status: z.enum(['ok', 'incomplete', 'corrupt', 'invalid']).nullable(),
});

export const FoundArchive = z.object({ path: z.string(), fileName: z.string(), bytes: z.number(), modifiedAt: z.string() });

export const archiveCalls = {
  /** Pull the backup from the box and write a verified archive. Either backupId or useRemembered. */
  'archive.pull': call(
    z.object({
      operationId: OperationId,
      boxUrl: z.string().min(1).max(500),
      backupId: BackupId.optional(),
      useRemembered: z.boolean().optional(),
      destination: Path,
      remember: z.boolean().default(true),
      /** The user accepted the warning about a cloud-synced destination (remembered for that folder). */
      acceptCloud: z.boolean().optional(),
    }),
    PullResult,
    { cancellable: true },
  ),
  'archive.preflight': call(
    z.object({ destination: Path }),
    z.object({ directory: z.string(), filesystem: z.string(), free: z.number(), cloudSyncedBy: z.string().nullable(), cloudAccepted: z.boolean() }),
  ),
  'archive.catalog': call(z.object({}), z.object({ archives: z.array(CatalogItem) })),
  /**
   * Is a backup id remembered for this box? (The id itself never goes back to the renderer.)
   * `lastBoxUrl` is the last real box used: never the demo box, whose address changes on every start.
   */
  'archive.remembered': call(
    z.object({ boxUrl: z.string().max(500) }),
    z.object({ remembered: z.boolean(), backupIdPrefix: z.string().nullable(), lastBoxUrl: z.string().nullable(), storage: z.string() }),
  ),
  /** Forget an archive in the catalog (the file is not touched). */
  'archive.forgetArchive': call(z.object({ path: Path }), z.object({ forgotten: z.boolean() })),
  /** The boxes this app remembers a backup for (the ids themselves never go back to the renderer). */
  'archive.rememberedBoxes': call(z.object({}), z.object({ boxes: z.array(z.object({ boxUrl: z.string(), backupIdPrefix: z.string().nullable() })) })),
  'archive.forget': call(z.object({ boxUrl: z.string().max(500) }), z.object({ forgotten: z.boolean() })),
  /** How many archives of one backup to keep per folder (older ones go only after a newer one verified). */
  'archive.settings': call(
    z.object({ retention: z.number().int().min(1).max(1000).optional() }),
    z.object({ retention: z.number(), storage: z.string() }),
  ),
  /** Archives found in a folder or on a stick, newest first. */
  'archive.listOn': call(z.object({ directory: Path }), z.object({ archives: z.array(FoundArchive) })),
};

export const archiveEvents = {};
