import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { utf8 } from './base64url';
import { BackupIdSchema, type FileEntry } from './box-protocol';

/**
 * The digest of one backup folder: what the box's `backup-digest` returns and what any archive's
 * manifest yields, so "is this copy the box's current backup?" needs no download. It covers the
 * file list only (path, size, sha256), never content or the backup id:
 *
 *   lines  = for each file, sorted by path (UTF-16 code unit order on every side; a legacy key
 *            file name may be any UTF-8, shared/backup-path.ts):
 *            `${path}\t${size}\t${sha256}\n`
 *   digest = hex sha256 of the UTF-8 bytes of all lines joined
 */
export const DIGEST_RE = /^[0-9a-f]{64}$/;

/** `sha256Hex`: a runtime's own hash may stand in for the pure one (Node's is ready at once, with no JIT warm-up). */
export function backupDigest(
  files: readonly FileEntry[],
  sha256Hex: (bytes: Uint8Array) => string = (bytes) => bytesToHex(sha256(bytes)),
): { digest: string; files: number; bytes: number } {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const text = sorted.map((f) => `${f.path}\t${f.size}\t${f.sha256}\n`).join('');
  return { digest: sha256Hex(utf8(text)), files: sorted.length, bytes: sorted.reduce((sum, f) => sum + f.size, 0) };
}

export const BackupDigestRequest = z.object({ backupId: BackupIdSchema });

/** Reply params[0] of `backup-digest`: the digest, or `{ notFound: true }`. */
export const BackupDigestReply = z.union([
  z.object({ notFound: z.literal(true) }),
  z.object({
    digest: z.string().regex(DIGEST_RE),
    files: z.number().int().nonnegative().max(100_000),
    bytes: z.number().int().nonnegative(),
    modified: z.iso.datetime().nullable(),
  }),
]);
export type BackupDigestReply = z.infer<typeof BackupDigestReply>;
