import { z } from 'zod';
import { STATUS_TEXT, STATUSES } from './status';

/**
 * The inspection report: the JSON that `idbox inspect --json` prints and the app shows. Part of
 * the contract (documented in README "Inspection reports"). It never contains a secret or a full
 * backup id: `backupId` is the first 8 characters.
 */
export const REPORT_VERSION = 1;

export const PROBLEM_CODES = [
  'not-an-archive',
  'archive-structure',
  'unreadable',
  'too-many-entries',
  'checksum-mismatch',
  'missing-file',
  'extra-file',
  'backup-id-shape',
  'bundle-missing',
  'bundle-shape',
  'pem-invalid',
  'pem-unexpected-params',
  'did-invalid',
  'count-mismatch',
  'incomplete',
  'mnemonic-mismatch',
  'name-not-carried',
] as const;

export const Problem = z.object({ code: z.enum(PROBLEM_CODES), message: z.string(), path: z.string().optional() });
export type Problem = z.infer<typeof Problem>;

export const ReportFile = z.object({
  path: z.string(),
  size: z.number(),
  sha256: z.string(),
  /** Matches the manifest (archives) or passed its structure check (folders). */
  ok: z.boolean(),
});

export const PemInfo = z.object({ path: z.string(), kdf: z.string(), prf: z.string(), iterations: z.number(), saltLength: z.number(), cipher: z.string() });

export const Report = z.object({
  reportVersion: z.literal(REPORT_VERSION),
  path: z.string(),
  kind: z.enum(['archive', 'folder']),
  status: z.enum(STATUSES),
  format: z.string().nullable(),
  formatVersion: z.number().nullable(),
  createdAt: z.string().nullable(),
  appVersion: z.string().nullable(),
  sourceBox: z.string().nullable(),
  /** First 8 characters only (format 2: of the backup's fingerprint; the archive holds no id). */
  backupId: z.string().max(8).nullable(),
  /** Format 2: the key files are sealed to the owner's words (present only then). */
  keyFilesSealed: z.boolean().optional(),
  size: z.number(),
  files: z.array(ReportFile),
  pems: z.array(PemInfo),
  didDocuments: z.number(),
  problems: z.array(Problem),
  /** Only when the owner supplied the words. */
  mnemonicMatches: z.boolean().optional(),
  identities: z.object({ own: z.number(), peers: z.number(), names: z.array(z.string()) }).optional(),
});
export type Report = z.infer<typeof Report>;

export { STATUS_TEXT };
