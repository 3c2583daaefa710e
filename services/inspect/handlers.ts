import { manifestFingerprint } from '../../shared/archive/manifest';
import { backupFingerprint } from '../../shared/archive/fingerprint';
import { writeFile } from 'node:fs/promises';
import type { Handlers } from '../../shared/contract/dispatch';
import type { inspectCalls } from '../../shared/contract/inspect';
import { AppError } from '../../shared/errors';
import { reportToHtml, reportToText, safeReport } from '../../shared/inspect/render';
import { shortenIds } from '../../shared/redact';
import { readBackupFolder } from '../archive/folder';
import { readArchive } from '../archive/format';
import type { ServiceDeps } from '../deps';
import { classifyPath } from './classify';
import { inspectPath } from './inspect';
import { archivePaths } from './walk';
import { absoluteTypedPath } from '../folders/check';

export type InspectHandlers = Pick<Handlers, keyof typeof inspectCalls>;

const SCAN_LIMIT = 5000;

/** The inspection handlers. Reports never hold a secret or a full backup id. */
export function inspectHandlers(_deps: ServiceDeps): InspectHandlers {
  return {
    'inspect.classify': async (req) => ({ kind: await classifyPath(absoluteTypedPath(req.path)) }),
    'inspect.path': async (req, ctx) => {
      const path = absoluteTypedPath(req.path);
      const report = await inspectPath(path, { signal: ctx.signal, sealIdentity: req.sealIdentity });
      // The ciphertext and the backup's fingerprint go to the renderer only so the owner can check their words there.
      let encryptedBackup: string | null = null;
      let fingerprint: string | null = null;
      if (report.status !== 'invalid') {
        if (report.kind === 'archive') {
          const read = await readArchive(path, { keepContent: (p) => p === 'backup' }).catch(() => null);
          encryptedBackup = read?.members.find((m) => m.path === 'backup')?.content?.toString('utf8') ?? null;
          fingerprint = read ? manifestFingerprint(read.manifest) : null;
        } else {
          const folder = await readBackupFolder(path).catch(() => null);
          encryptedBackup = folder?.contents.get('backup')?.toString('utf8') ?? null;
          fingerprint = folder?.backupId ? backupFingerprint(folder.backupId) : null;
        }
      }
      return { report, encryptedBackup, fingerprint };
    },
    'inspect.scan': async (req, ctx) => {
      const items = [];
      let truncated = false;
      for await (const path of archivePaths([absoluteTypedPath(req.directory)], false)) {
        if (ctx.signal.aborted) throw new AppError('cancelled', 'The scan was cancelled.');
        if (items.length >= SCAN_LIMIT) {
          truncated = true;
          break;
        }
        // A scan lists every archive: one that breaks the inspector is listed as not readable.
        const r = await inspectPath(path, { signal: ctx.signal }).catch((err: unknown) => {
          if (err instanceof AppError && err.code === 'cancelled') throw err;
          return null;
        });
        if (!r) items.push({ path, status: 'invalid' as const, backupId: null, createdAt: null, size: 0, problems: 1, reason: 'The app could not read this file at all.' });
        else {
          const problems = r.problems.filter((p) => p.code !== 'pem-unexpected-params');
          // A problem about one file ("This file is damaged…") names that file, as the report's file table does.
          const first = problems[0];
          const reason = r.status === 'ok' || !first ? null : shortenIds(first.path ? `${first.path}: ${first.message}` : first.message).slice(0, 400);
          items.push({ path, status: r.status, backupId: r.backupId, createdAt: r.createdAt, size: r.size, problems: problems.length, reason });
        }
        if (ctx.operationId) ctx.emit('operation.progress', { operationId: ctx.operationId, stage: 'checking', done: items.length, total: null, unit: 'archives' });
      }
      items.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
      return { items, truncated };
    },
    'inspect.saveReport': async (req) => {
      const report = safeReport(req.report);
      const text = req.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : req.format === 'text' ? `${reportToText(report)}\n` : reportToHtml([report]);
      // The same rule as every path field: `~` is the home folder; a relative path would land wherever the app runs.
      const path = absoluteTypedPath(req.path, 'report.html');
      await writeFile(path, text, { flag: 'wx', mode: 0o600 }).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'EEXIST') throw new AppError('invalid-request', 'A file with that name already exists; choose another name.');
        if (err.code === 'ENOENT') throw new AppError('destination-missing', 'That folder does not exist.');
        throw new AppError('write-failed', 'The report could not be saved there.');
      });
      return { saved: path };
    },
  };
}
