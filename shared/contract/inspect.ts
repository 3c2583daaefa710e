import { z } from 'zod';
import { Report } from '../inspect/report';
import { OperationId } from './app';
import { IDENTITY_RE } from '../archive/seal-key';
import { call } from './define';

const Path = z.string().min(1).max(4096);

export const ScanItem = z.object({
  path: z.string(),
  status: z.enum(['ok', 'incomplete', 'corrupt', 'invalid']),
  backupId: z.string().nullable(),
  createdAt: z.string().nullable(),
  size: z.number(),
  problems: z.number(),
  /** What is wrong, in the report's own sentence (the first problem), so the list says why; null when ok. */
  reason: z.string().max(400).nullable(),
});

export const inspectCalls = {
  /**
   * What a path is before it is inspected: nothing there, a file, a raw box backup folder, a folder
   * of .idbox archives (inspected as a batch with inspect.scan) or some other folder.
   */
  'inspect.classify': call(z.object({ path: Path }), z.object({ kind: z.enum(['missing', 'file', 'backup-folder', 'archive-folder', 'folder']) })),
  /** Full report of one archive or raw box folder; with the bundle ciphertext so the owner's words can be checked in the renderer. */
  'inspect.path': call(
    z.object({
      path: Path,
      /** Format 2, the owner present: the identity derived from their words in the window, to open the sealed key files and check them inside. */
      sealIdentity: z.string().regex(IDENTITY_RE).optional(),
    }),
    z.object({ report: Report, encryptedBackup: z.string().nullable(), fingerprint: z.string().nullable() }),
  ),
  /** All archives in a folder or on a stick (not recursive into huge trees), newest first. */
  'inspect.scan': call(z.object({ operationId: OperationId, directory: Path }), z.object({ items: z.array(ScanItem), truncated: z.boolean() }), { cancellable: true }),
  'inspect.saveReport': call(z.object({ path: Path, format: z.enum(['json', 'text', 'html']), report: Report }), z.object({ saved: z.string() })),
};

export const inspectEvents = {};
