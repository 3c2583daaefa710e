import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BACKUP_ID_RE } from '../../shared/backup-id';
import { BACKUP_FORMAT_VERSION, ExportRequest, SERVICE_LIMITS, type ReplyMessage } from '../../shared/box-protocol';
import { redactId } from '../../shared/redact';
import { digestBackup } from './digest';
import { ServiceError } from './errors';
import { exportPage } from './export';
import { createDescriber } from './files';
import { importBackup, type ImportContext } from './import';
import { createUploads, limitsFrom, type UploadLimits } from './uploads';
import { listVersions, rescueOldAsides, versionFolder } from './versions';

/**
 * identity-box.backup-service (OUR EXTENSION, identity-box.md §5): serves a backup folder in
 * chunks and accepts one back atomically. Pure Node on a folder; box/backup-service/main.ts
 * connects it to a real box-office, box/reference-box.ts to the reference rendezvous.
 * One module per method family (export.ts, import.ts); this file only routes.
 */
export const SERVICE_VERSION = '1.2.0';
export { ServiceError };

export interface BackupServiceOptions {
  root: string;
  log?: (line: string) => void;
  now?: () => number;
  /** Called whenever a file's sha256 is computed (tests: each file is hashed once per change). */
  onHash?: (path: string) => void;
  /** The service's own limits (defaults: SERVICE_LIMITS); `idleMs` is a setting (IDBOX_UPLOAD_IDLE_MINUTES). */
  limits?: Partial<UploadLimits>;
  /** Replaced copies kept per backup id (default 5, at least 1; IDBOX_VERSIONS_KEPT). */
  versionsKept?: number;
}

export function createBackupService(options: BackupServiceOptions) {
  const { root } = options;
  const log = options.log ?? (() => {});
  const describer = createDescriber({ onHash: options.onHash });
  const now = options.now ?? Date.now;
  const uploads = createUploads(root, limitsFrom(options.limits ?? {}), now, log);
  const ctx: ImportContext = { root, describer, log, now, uploads, versionsKept: Math.max(1, options.versionsKept ?? SERVICE_LIMITS.versionsKept) };
  // Nothing is unfinished when a service starts: stages of an earlier run are stale.
  const started = (async () => {
    await rescueOldAsides(root, now, log);
    await uploads.clearStale();
  })().catch((err: unknown) => log(`clearing at start failed: ${(err as Error).message}`));

  async function exportBackup(params: unknown) {
    const req = ExportRequest.parse(params);
    const folder = req.version === undefined ? join(root, req.backupId) : versionFolder(root, req.backupId, req.version);
    const info = await stat(folder).catch(() => null);
    const what = req.version === undefined ? '' : ` version ${req.version}`;
    if (!info?.isDirectory()) {
      log(`export-backup ${redactId(req.backupId)}${what}: not found`);
      return { notFound: true as const };
    }
    const page = await exportPage(describer, folder, req.backupId, req.cursor, (req.formatVersion ?? 1) >= 2);
    log(`export-backup ${redactId(req.backupId)}${what}: ${page.chunks.length} chunk(s)${page.next ? ', more to come' : ', done'}`);
    return page;
  }

  async function backupStatus() {
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    let count = 0;
    let newest = 0;
    for (const entry of entries) {
      if (!entry.isDirectory() || !BACKUP_ID_RE.test(entry.name)) continue;
      count += 1;
      const info = await stat(join(root, entry.name, 'backup')).catch(() => stat(join(root, entry.name)));
      newest = Math.max(newest, info.mtimeMs);
    }
    return { count, newest: count ? new Date(newest).toISOString() : null };
  }

  /** Handles one box-office request; errors become `<method>-error` replies. */
  async function handle(method: string, params: unknown[] | undefined): Promise<ReplyMessage> {
    try {
      // `about` answers at once, whatever else runs: it is how a client tells a stopped service.
      if (method !== 'about') {
        await started;
        await uploads.expireIdle();
      }
      switch (method) {
        case 'about':
          return {
            method: 'about-response',
            params: [{ description: 'Identity Box Companion backup service', version: SERVICE_VERSION, formatVersion: BACKUP_FORMAT_VERSION }],
          };
        case 'backup-status':
          return { method: 'backup-status-response', params: [await backupStatus()] };
        case 'export-backup':
          return { method: 'export-backup-response', params: [await exportBackup(params?.[0])] };
        case 'import-backup':
          return { method: 'import-backup-response', params: [await importBackup(ctx, params?.[0])] };
        case 'backup-versions':
          return { method: 'backup-versions-response', params: [await listVersions(root, params?.[0], describer)] };
        case 'backup-digest':
          return { method: 'backup-digest-response', params: [await digestBackup(root, params?.[0], describer.describe)] };
        default:
          return { method: 'unknown-method', params: [{ method }] };
      }
    } catch (err) {
      const message =
        err instanceof ServiceError ? err.message : err instanceof z.ZodError ? `invalid request: ${err.issues[0]?.message ?? 'invalid'}` : 'internal error';
      log(`${method} failed: ${message}`);
      return { method: `${method}-error`, params: [{ message }] };
    }
  }

  return { handle, started: () => started, unfinishedUploads: () => uploads.count() };
}

export type BackupService = ReturnType<typeof createBackupService>;
