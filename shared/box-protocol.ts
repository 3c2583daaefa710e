import { z } from 'zod';
import { BACKUP_ID_RE } from './backup-id';

/**
 * Message shapes of the box protocol (identity-box.md §5), shared by the client (electron/services/box)
 * and the reference box (box/). Files travel in chunks of at most 192 KiB of content; one call
 * carries at most 256 KiB of base64.
 */
export const IDENTITY_SERVICE = 'identity-box.identity-service';
export const BACKUP_SERVICE = 'identity-box.backup-service';
export const BACKUP_FORMAT_VERSION = 1;
export const CHUNK_BYTES = 192 * 1024;
export const CALL_BASE64_BUDGET = 256 * 1024;
export const RENDEZVOUS_BANNER = '@identity-box/rendezvous@';

export const RequestMessage = z.object({
  servicePath: z.string().min(1).max(200),
  method: z.string().min(1).max(100),
  params: z.array(z.unknown()).optional(),
});
export type RequestMessage = z.infer<typeof RequestMessage>;

export const ReplyMessage = z.object({ method: z.string().min(1).max(200), params: z.array(z.unknown()).optional() });
export type ReplyMessage = z.infer<typeof ReplyMessage>;

/** Paths inside a backup folder: `backup`, `<keyName>.pem`, `did-docs/<ipnsName>`. Nothing else. */
export const BACKUP_PATH_RE = /^(backup|[A-Za-z0-9 _.@()-]{1,200}\.pem|did-docs\/[A-Za-z0-9]{10,100})$/;

export function isBackupPath(path: string): boolean {
  return BACKUP_PATH_RE.test(path) && !path.split('/').some((part) => part === '..' || part === '.' || part.startsWith('.')) && path !== 'self.pem';
}

export const FileEntry = z.object({
  path: z.string().refine(isBackupPath, 'not a backup file path'),
  size: z.number().int().nonnegative().max(64 * 1024 * 1024),
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

export const ExportRequest = z.object({ backupId: BackupIdSchema, cursor: z.string().max(200).nullable().optional() });
export const ExportReply = z.union([
  z.object({ notFound: z.literal(true) }),
  z.object({
    backupId: BackupIdSchema,
    files: z.array(FileEntry).max(10_000),
    chunks: z.array(Chunk).max(10_000),
    next: z.string().max(200).nullable(),
  }),
]);
export type ExportReply = z.infer<typeof ExportReply>;

export const ImportRequest = z.object({
  backupId: BackupIdSchema,
  files: z.array(FileEntry).min(1).max(10_000),
  chunks: z.array(Chunk).max(10_000),
  uploadId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/).optional(),
  final: z.boolean(),
  replace: z.boolean().optional(),
});
export type ImportRequest = z.infer<typeof ImportRequest>;

export const ImportReply = z.union([
  z.object({ uploadId: z.string() }),
  z.object({ backupId: BackupIdSchema, written: z.number().int().nonnegative(), unchanged: z.boolean().optional() }),
]);

export const BackupServiceAbout = z.object({ description: z.string(), version: z.string(), formatVersion: z.number().int() });
export const BackupStatus = z.object({ count: z.number().int().nonnegative(), newest: z.string().nullable() });
export const HasBackup = z.object({ hasBackup: z.boolean() });
export const IdentityAbout = z.object({ description: z.string().optional(), version: z.string() });

/** Splits files into chunks of at most CHUNK_BYTES, grouped into calls of at most CALL_BASE64_BUDGET. */
export function base64Length(bytes: number): number {
  return Math.ceil(bytes / 3) * 4;
}
