import { z } from 'zod';
import { OperationId } from './app';
import { call } from './define';
import { RECIPIENT_RE } from '../archive/seal-key';

const BackupId = z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'backup id');
/** The public key derived from the words (shared/archive/seal-key.ts): the archive's key files are sealed to it. */
const Recipient = z.string().regex(RECIPIENT_RE, 'age recipient');
const Path = z.string().min(1).max(4096);

export const PullResult = z.object({
  archive: z.string(),
  fileName: z.string(),
  directory: z.string(),
  bytes: z.number(),
  sha256: z.string(),
  files: z.number(),
  /** 2: key files sealed to the owner's words; 1: not sealed (a remembered backup whose words were not typed since sealing exists). */
  formatVersion: z.union([z.literal(1), z.literal(2)]),
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
  /**
   * Nothing was written: this place already holds an archive of the very backup the box has now,
   * read back whole and judged restorable just now (the fields above describe that archive).
   * Writing another copy needs `duplicate: true`.
   */
  alreadyThere: z.object({ createdAt: z.string(), verifiedAt: z.string() }).nullable(),
  /** The backup's own size, as the box listed its files (what "Downloading" counted); `bytes` is the archive file's. */
  backupBytes: z.number(),
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
  absence: z.enum(['stick-not-plugged-in', 'folder-missing', 'file-missing', 'deleted']).nullable(),
  /** Deleted from a stick or disk that was present (the copies view retired it): where it was. */
  deletedFrom: z.string().nullable().default(null),
  /** An archive of the made-up demo backup: never counted as the user's backup. */
  demo: z.boolean(),
  removable: z.boolean(),
  /** Its last re-read failed (scrub, "Verify all", `idbox verify --record`): it cannot be trusted. */
  lastFailure: z.object({ at: z.string(), message: z.string() }).nullable(),
  /** The verdict on its content (can it bring the identities back?); null for an entry not judged yet. */
  status: z.enum(['ok', 'incomplete', 'corrupt', 'invalid']).nullable(),
});

/** One replaced copy the box keeps (shared/box-protocol.ts BackupVersion, without its digest). */
export const KeptVersion = z.object({ version: z.number(), replacedAt: z.string(), files: z.number(), bytes: z.number() });

export const FoundArchive = z.object({ path: z.string(), fileName: z.string(), bytes: z.number(), modifiedAt: z.string() });

export const archiveCalls = {
  /** Pull the backup from the box and write a verified archive. Either backupId or useRemembered. */
  'archive.pull': call(
    z.object({
      operationId: OperationId,
      boxUrl: z.string().min(1).max(500),
      backupId: BackupId.optional(),
      /** With backupId (the words were typed): seal to this recipient, and remember it. */
      recipient: Recipient.optional(),
      useRemembered: z.boolean().optional(),
      destination: Path,
      remember: z.boolean().default(true),
      /** The user accepted the warning about a cloud-synced destination (remembered for that folder). */
      acceptCloud: z.boolean().optional(),
      /** A replaced copy the box keeps (`archive.versions`), instead of the current one. */
      version: z.number().int().positive().max(1_000_000_000).optional(),
      /** Write a new archive even when the same backup is already there, verified (asked first: `alreadyThere`). */
      duplicate: z.boolean().optional(),
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
    z.object({
      remembered: z.boolean(),
      backupIdPrefix: z.string().nullable(),
      /** The remembered backup can be sealed without the words; false: the words are needed once. */
      sealing: z.boolean(),
      lastBoxUrl: z.string().nullable(),
      storage: z.string(),
    }),
  ),
  /**
   * Before "Archive now": is the backup of these words on this box (`unknown`: it could not say),
   * and the box this app last archived it from when that is another one.
   */
  'archive.backupOnBox': call(
    z.object({ boxUrl: z.string().min(1).max(500), backupId: BackupId.optional(), useRemembered: z.boolean().optional() }),
    /** `bytes`: the backup's size on the box, when it said. */
    z.object({ onBox: z.enum(['yes', 'no', 'unknown']), fromBox: z.string().nullable(), bytes: z.number().nullable() }),
  ),
  /** Forget an archive in the catalog (the file is not touched). */
  'archive.forgetArchive': call(z.object({ path: Path }), z.object({ forgotten: z.boolean() })),
  /** The boxes this app remembers a backup for (the ids themselves never go back to the renderer). */
  /** demo: the app's demo box (remembered once, at its address now: the address changes on every start). */
  'archive.rememberedBoxes': call(
    z.object({}),
    z.object({ boxes: z.array(z.object({ boxUrl: z.string(), backupIdPrefix: z.string().nullable(), sealing: z.boolean(), demo: z.boolean().default(false) })) }),
  ),
  'archive.forget': call(z.object({ boxUrl: z.string().max(500) }), z.object({ forgotten: z.boolean() })),
  /** How many archives of one backup to keep per folder (older ones go only after a newer one verified). */
  'archive.settings': call(
    z.object({ retention: z.number().int().min(1).max(1000).optional() }),
    z.object({ retention: z.number(), storage: z.string() }),
  ),
  /**
   * A format-1 archive -> a verified format-2 archive beside it, sealed to the recipient of the
   * owner's words (typed in the window; the id is checked against the archive). The old one stays.
   */
  'archive.reseal': call(
    z.object({ path: Path, backupId: BackupId, recipient: Recipient }),
    z.object({ sealedPath: z.string(), fileName: z.string(), verified: z.literal(true) }),
  ),
  /** After the person confirmed: remove the format-1 archive once its sealed copy beside it reads back intact. */
  'archive.retireUnsealed': call(z.object({ path: Path, sealedPath: Path }), z.object({ retired: z.boolean() })),
  /** The replaced copies the box keeps of the backup remembered for it (backup-service 1.2), oldest first. */
  'archive.versions': call(
    z.object({ boxUrl: z.string().min(1).max(500) }),
    z.object({ versions: z.array(KeptVersion), keeps: z.boolean() }),
  ),
  /** Puts a kept copy back as the box's current one (the copy it replaces is kept in turn), then reads it back. */
  'archive.restoreVersion': call(
    z.object({ operationId: OperationId, boxUrl: z.string().min(1).max(500), version: z.number().int().positive().max(1_000_000_000) }),
    z.object({ files: z.number(), boxUrl: z.string() }),
    { cancellable: true },
  ),
  /** Archives found in a folder or on a stick, newest first. */
  'archive.listOn': call(z.object({ directory: Path }), z.object({ archives: z.array(FoundArchive) })),
};

export const archiveEvents = {};
