import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BACKUP_ID_RE } from '../shared/backup-id';
import { isBackupPath, isSafeName } from '../shared/backup-path';
import type { ReplyMessage } from '../shared/box-protocol';
import { redactId } from '../shared/redact';
import { DEFAULT_BOX_PASSWORD, encryptedPem } from './seed';

/**
 * The backup methods of the real identity-service, simulated on a real $IDBOX_BACKUP folder.
 * `restore`'s keystore side effects (re-importing keys, republishing DID documents) are only
 * logged here; the folder effects of `backup` are real (delete the folder, write it again).
 */
// Each name becomes `<name>.pem` in the backup folder: the name itself one safe path component
// (shared/backup-path.ts) and not hidden, checked for every name before anything is deleted.
const IdentityName = z.string().refine((name) => name === 'self' || (isSafeName(name) && !name.startsWith('.') && isBackupPath(`${name}.pem`)), 'not a key name');
const BackupParams = z.object({ encryptedBackup: z.string().min(1), backupId: z.string().regex(BACKUP_ID_RE), identityNames: z.array(IdentityName).max(1000) });

let keystoreKey: KeyObject | null = null;

export function createIdentityService(root: string, log: (line: string) => void = () => {}) {
  async function handle(method: string, params: unknown[] | undefined): Promise<ReplyMessage> {
    try {
      switch (method) {
        case 'about':
          return { method: 'about-response', params: [{ description: 'Identity Box identity service (reference box)', version: '0.1.0' }] };
        case 'has-backup': {
          const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
          return { method: 'has-backup-response', params: [{ hasBackup: entries.some((e) => e.isDirectory() && BACKUP_ID_RE.test(e.name)) }] };
        }
        case 'backup': {
          const req = BackupParams.parse(params?.[0]);
          const folder = join(root, req.backupId);
          await rm(folder, { recursive: true, force: true });
          await mkdir(join(folder, 'did-docs'), { recursive: true });
          await writeFile(join(folder, 'backup'), req.encryptedBackup);
          keystoreKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
          for (const name of req.identityNames.filter((n) => n !== 'self')) {
            await writeFile(join(folder, `${name}.pem`), encryptedPem(keystoreKey, DEFAULT_BOX_PASSWORD));
          }
          log(`backup ${redactId(req.backupId)} written`);
          return { method: 'backup-response' };
        }
        case 'restore': {
          const { backupId } = z.object({ backupId: z.string() }).parse(params?.[0]);
          const file = join(root, backupId, 'backup');
          if (!BACKUP_ID_RE.test(backupId) || !(await stat(file).catch(() => null))) return { method: 'restore-response', params: ['not found'] };
          log(`restore ${redactId(backupId)}: keys re-imported and DID documents republished (simulated)`);
          return { method: 'restore-response', params: [{ encryptedBackup: await readFile(file, 'utf8') }] };
        }
        case 'reset':
          log('reset: listed keys deleted (simulated); backups left alone');
          return { method: 'reset-response' };
        default:
          return { method: 'unknown-method', params: [{ method }] };
      }
    } catch (err) {
      return { method: `${method}-error`, params: [{ message: err instanceof z.ZodError ? 'invalid request' : 'internal error' }] };
    }
  }
  return { handle };
}
