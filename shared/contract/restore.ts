import { z } from 'zod';
import { OperationId } from './app';
import { call } from './define';
import { FINGERPRINT_RE } from '../archive/fingerprint';
import { IDENTITY_RE } from '../archive/seal-key';

const Path = z.string().min(1).max(4096);
const BackupId = z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'backup id');

export const ArchiveDescription = z.object({
  path: z.string(),
  fileName: z.string(),
  createdAt: z.string(),
  appVersion: z.string(),
  sourceBox: z.string().nullable(),
  /** The backup's fingerprint (never the id): the renderer compares it with the fingerprint of the typed words. */
  fingerprint: z.string().regex(FINGERPRINT_RE),
  /** 2: key files sealed to the owner's words; 1: readable by anyone who has the archive. */
  formatVersion: z.union([z.literal(1), z.literal(2)]),
  files: z.number(),
  bytes: z.number(),
  /** Every member matched the manifest. */
  intact: z.literal(true),
  /** The bundle ciphertext: the renderer opens it with the typed words to prove they match. */
  encryptedBackup: z.string(),
  /** An archive of the app's made-up demo backup. */
  demo: z.boolean(),
  /** The archive's file names: once the words open the bundle, each identity's key file and DID document must be among them. */
  paths: z.array(z.string()).max(4096),
});

export const ArchiveCandidate = z.object({
  path: z.string(),
  fileName: z.string(),
  where: z.string(),
  createdAt: z.string().nullable(),
  backupIdPrefix: z.string().nullable(),
  matches: z.boolean().nullable(),
  /** An archive of the app's made-up demo backup. */
  demo: z.boolean(),
  /**
   * Can it bring the identities back, by the one verdict the catalog keeps (complete, read back
   * intact at its last check)? Null when the app has not judged it (a file it did not write).
   */
  restorable: z.boolean().nullable().default(null),
});

const CopySide = z.object({ files: z.number(), bytes: z.number(), when: z.string().nullable() });

export const restoreCalls = {
  /** Both sides before a replace: the box's copy of this backup (null: none) and the archive's. */
  'restore.compare': call(
    z.object({ archivePath: Path, boxUrl: z.string().min(1).max(500), backupId: BackupId }),
    /** keepsReplaced: the box's backup-service keeps the copy a replace replaces (1.2 and newer). */
    z.object({ archive: CopySide, box: CopySide.nullable(), same: z.boolean(), keepsReplaced: z.boolean() }),
  ),
  /** Read and fully verify an archive for the restore screen. */
  'restore.describe': call(z.object({ path: Path }), ArchiveDescription),
  /** Archives on attached sticks (and known to the catalog), newest first; with backupId, which belong to it. */
  'restore.candidates': call(z.object({ backupId: BackupId.optional() }), z.object({ archives: z.array(ArchiveCandidate) })),
  /** Upload the archive to the box and read it back; refuses a different existing copy unless replace. */
  'restore.toBox': call(
    z.object({
      operationId: OperationId,
      archivePath: Path,
      boxUrl: z.string().min(1).max(500),
      backupId: BackupId,
      /** Format 2: the age identity derived from the words (shared/archive/seal-key.ts) that opens the sealed key files. */
      sealIdentity: z.string().regex(IDENTITY_RE).optional(),
      replace: z.boolean().default(false),
    }),
    z.object({ outcome: z.enum(['restored', 'already-there']), files: z.number(), boxUrl: z.string() }),
    { cancellable: true },
  ),
};

export const restoreEvents = {};
