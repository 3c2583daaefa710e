import { z } from 'zod';
import { BACKUP_ID_RE } from './backup-id';
import { BACKUP_LIMITS } from './backup-limits';
import { isBackupPath } from './backup-path';

/**
 * Message shapes of the box protocol (identity-box.md §5), shared by the client (services/box)
 * and the reference box (box/). Files travel in chunks of at most 192 KiB of content; one call
 * carries as many chunks as fit in MAX_MESSAGE_JSON, counting the WHOLE message (file list too).
 */
export const IDENTITY_SERVICE = 'identity-box.identity-service';
export const BACKUP_SERVICE = 'identity-box.backup-service';
/**
 * 2 (backup-service 1.2): replaced copies are kept (`backup-versions`, `export-backup { version }`),
 * the service enforces its own limits, and export sends the file list once per download.
 */
export const BACKUP_FORMAT_VERSION = 2;
export const CHUNK_BYTES = 192 * 1024;
/** The largest base64 one chunk may carry (192 KiB of content). */
export const CALL_BASE64_BUDGET = 256 * 1024;
/**
 * The whole JSON of one request or reply, at most, in UTF-8 bytes (characters, for ASCII; a legacy
 * key file name in another script counts its bytes). Its envelope is base64url(JSON(base64url(box(
 * base64url(JSON))))) ≈ 2.37x (envelopeLength), so 400,000 characters seal to 948,282 and stay
 * under the rendezvous's 1 MB Socket.IO limit with its framing (identity-box.md §5a).
 */
export const MAX_MESSAGE_JSON = 400_000;
/** The rendezvous's limit on one Socket.IO payload. */
export const RENDEZVOUS_MAX_PAYLOAD = 1_000_000;
export const RENDEZVOUS_BANNER = '@identity-box/rendezvous@';

export { BACKUP_LIMITS };

export const RequestMessage = z.object({
  servicePath: z.string().min(1).max(200),
  method: z.string().min(1).max(100),
  params: z.array(z.unknown()).optional(),
});
export type RequestMessage = z.infer<typeof RequestMessage>;

export const ReplyMessage = z.object({ method: z.string().min(1).max(200), params: z.array(z.unknown()).optional() });
export type ReplyMessage = z.infer<typeof ReplyMessage>;

export { isBackupPath };

export const FileEntry = z.object({
  path: z.string().refine(isBackupPath, 'not a backup file path'),
  size: z.number().int().nonnegative().max(BACKUP_LIMITS.fileBytes),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});
export type FileEntry = z.infer<typeof FileEntry>;

export const Chunk = z.object({
  path: z.string().refine(isBackupPath, 'not a backup file path'),
  offset: z.number().int().nonnegative(),
  contentBase64: z.string().max(CALL_BASE64_BUDGET + 4),
});
export type Chunk = z.infer<typeof Chunk>;

export const BackupIdSchema = z.string().regex(BACKUP_ID_RE, 'not a backup id');

/** A kept (replaced) copy of a backup: 1, 2, 3… in the order they were replaced. */
export const VersionNumber = z.number().int().positive().max(1_000_000_000);

/**
 * `version` (formatVersion 2) exports a kept copy instead of the current one. `formatVersion: 2`
 * says the client takes the file list once: later replies then omit `files`. A 1.x service
 * ignores both fields, so a client asks for `version` only from a service that says formatVersion 2.
 */
export const ExportRequest = z.object({
  backupId: BackupIdSchema,
  cursor: z.string().max(200).nullable().optional(),
  version: VersionNumber.optional(),
  formatVersion: z.number().int().positive().max(1000).optional(),
});
export const ExportReply = z.union([
  z.object({ notFound: z.literal(true) }),
  z.object({
    backupId: BackupIdSchema,
    /** In every reply from a 1.x service; from formatVersion 2 on, only in the first when the client speaks 2. */
    files: z.array(FileEntry).max(10_000).optional(),
    chunks: z.array(Chunk).max(10_000),
    next: z.string().max(200).nullable(),
  }),
]);
export type ExportReply = z.infer<typeof ExportReply>;

/**
 * `files` is the whole list in every call (version 1.0, still accepted), or, from service 1.1 on,
 * sent once: in the first call, or split over the first calls with `moreFiles: true` while more of
 * the list follows; later calls then omit it. That keeps each message under MAX_MESSAGE_JSON for
 * backups of thousands of files (identity-box.md §5a).
 */
export const ImportRequest = z.object({
  backupId: BackupIdSchema,
  files: z.array(FileEntry).max(10_000).optional(),
  moreFiles: z.boolean().optional(),
  chunks: z.array(Chunk).max(10_000),
  uploadId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
  final: z.boolean(),
  replace: z.boolean().optional(),
  /**
   * The client gave up (the person cancelled): discard the stage of `uploadId` now instead of after
   * 10 minutes. A service older than this field ignores it, and the call is an empty staging call.
   */
  abort: z.boolean().optional(),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

export const ImportReply = z.union([
  z.object({ uploadId: z.string() }),
  z.object({ backupId: BackupIdSchema, written: z.number().int().nonnegative(), unchanged: z.boolean().optional() }),
]);

/** `backup-versions { backupId }` (formatVersion 2): the kept copies, oldest first. */
export const VersionsRequest = z.object({ backupId: BackupIdSchema });
export const BackupVersion = z.object({
  version: VersionNumber,
  replacedAt: z.string().max(40),
  files: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});
export type BackupVersion = z.infer<typeof BackupVersion>;
export const VersionsReply = z.object({ versions: z.array(BackupVersion).max(1000) });

/**
 * The service's own limits (formatVersion 2), checked at the first call that breaks them. A client
 * never plans past BACKUP_LIMITS, which are the same per upload.
 */
export const SERVICE_LIMITS = {
  files: BACKUP_LIMITS.files,
  bytes: BACKUP_LIMITS.totalBytes,
  /** Uploads started and not yet finished or discarded, from every client together. */
  unfinishedUploads: 4,
  /** Bytes declared by all unfinished uploads together. */
  stagingBytes: 512 * 1024 * 1024,
  /** An unfinished upload with no call for this long is discarded. */
  idleMs: 10 * 60 * 1000,
  /** Replaced copies kept per backup id (a setting of the service; never fewer than 1). */
  versionsKept: 5,
} as const;

export const BackupServiceAbout = z.object({ description: z.string(), version: z.string(), formatVersion: z.number().int() });
export const BackupStatus = z.object({ count: z.number().int().nonnegative(), newest: z.string().nullable() });
export const HasBackup = z.object({ hasBackup: z.boolean() });
export const IdentityAbout = z.object({ description: z.string().optional(), version: z.string() });

/** Padded base64 length (chunks travel as standard base64). */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}

const base64urlLength = (bytes: number) => Math.ceil((bytes * 4) / 3);

/**
 * The exact length of the envelope (and its Socket.IO frame) that carries a JSON message of
 * `jsonChars` ASCII characters: the arithmetic of sealEnvelope, checked against it in tests.
 */
export function envelopeLength(jsonChars: number): number {
  const sealed = base64urlLength(jsonChars) + 16;
  const wrapper = '{"encryptedMessage":"","encodedNonce":""}'.length + base64urlLength(sealed) + 32;
  return base64urlLength(wrapper);
}

/** Engine.IO + Socket.IO framing around one `message` envelope in a /<43-char key> namespace. */
export const SOCKET_FRAME_OVERHEAD = '42/'.length + 43 + ',["message",""]'.length;
