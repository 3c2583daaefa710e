import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { BACKUP_ID_RE } from '../../shared/backup-id';
import {
  BACKUP_FORMAT_VERSION,
  CHUNK_BYTES,
  ExportRequest,
  ImportRequest,
  isBackupPath,
  type Chunk,
  type FileEntry,
  type ReplyMessage,
} from '../../shared/box-protocol';
import { redactId } from '../../shared/redact';
import { digestBackup } from './digest';

/**
 * identity-box.backup-service (OUR EXTENSION, identity-box.md §5): serves a backup folder in
 * chunks and accepts one back atomically. Pure Node on a folder; box/backup-service/main.ts
 * connects it to a real box-office, box/reference-box.ts to the reference rendezvous.
 */
export const SERVICE_VERSION = '1.0.0';
const STAGE_PREFIX = '.import-';
const STAGE_MAX_AGE_MS = 10 * 60 * 1000;

export class ServiceError extends Error {}

export interface BackupServiceOptions {
  root: string;
  log?: (line: string) => void;
  now?: () => number;
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function listBackupFiles(folder: string): Promise<string[]> {
  const top = await readdir(folder, { withFileTypes: true });
  const paths: string[] = [];
  for (const entry of top) {
    if (entry.isFile() && (entry.name === 'backup' || entry.name.endsWith('.pem'))) paths.push(entry.name);
  }
  const docs = await readdir(join(folder, 'did-docs'), { withFileTypes: true }).catch(() => []);
  for (const entry of docs) if (entry.isFile()) paths.push(`did-docs/${entry.name}`);
  return paths.filter(isBackupPath).sort();
}

const Cursor = z.object({ i: z.number().int().nonnegative(), o: z.number().int().nonnegative() });

export function createBackupService(options: BackupServiceOptions) {
  const { root } = options;
  const log = options.log ?? (() => {});
  const now = options.now ?? Date.now;

  async function describe(folder: string): Promise<FileEntry[]> {
    const files: FileEntry[] = [];
    for (const path of await listBackupFiles(folder)) {
      const data = await readFile(join(folder, path));
      files.push({ path, size: data.length, sha256: createHash('sha256').update(data).digest('hex') });
    }
    return files;
  }

  async function exportBackup(params: unknown) {
    const req = ExportRequest.parse(params);
    const folder = join(root, req.backupId);
    const info = await stat(folder).catch(() => null);
    if (!info?.isDirectory()) {
      log(`export-backup ${redactId(req.backupId)}: not found`);
      return { notFound: true as const };
    }
    const files = await describe(folder);
    let cursor = { i: 0, o: 0 };
    if (req.cursor) {
      try {
        cursor = Cursor.parse(JSON.parse(Buffer.from(req.cursor, 'base64url').toString('utf8')));
      } catch {
        throw new ServiceError('invalid cursor');
      }
    }
    const chunks: Chunk[] = [];
    let budget = CHUNK_BYTES;
    let { i, o } = cursor;
    while (i < files.length && budget > 0) {
      const file = files[i]!;
      const data = await readFile(join(folder, file.path));
      const take = Math.min(budget, data.length - o);
      chunks.push({ path: file.path, offset: o, contentBase64: data.subarray(o, o + take).toString('base64') });
      budget -= Math.max(take, 1);
      o += take;
      if (o >= data.length) {
        i += 1;
        o = 0;
      }
    }
    const next = i < files.length ? Buffer.from(JSON.stringify({ i, o })).toString('base64url') : null;
    log(`export-backup ${redactId(req.backupId)}: ${chunks.length} chunk(s)${next ? ', more to come' : ', done'}`);
    return { backupId: req.backupId, files, chunks, next };
  }

  async function discardStaleStages(): Promise<void> {
    const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isDirectory() || !entry.name.startsWith(STAGE_PREFIX)) continue;
      const info = await stat(join(root, entry.name)).catch(() => null);
      if (info && now() - info.mtimeMs > STAGE_MAX_AGE_MS) {
        await rm(join(root, entry.name), { recursive: true, force: true });
        log(`discarded an unfinished upload older than 10 minutes`);
      }
    }
  }

  async function importBackup(params: unknown) {
    const req = ImportRequest.parse(params);
    await mkdir(root, { recursive: true });
    await discardStaleStages();
    const declared = new Map(req.files.map((f) => [f.path, f]));
    if (declared.size !== req.files.length) throw new ServiceError('duplicate paths in the file list');
    const uploadId = req.uploadId ?? randomBytes(12).toString('base64url');
    const stage = join(root, `${STAGE_PREFIX}${uploadId}`);
    if (!req.uploadId) {
      await mkdir(join(stage, 'did-docs'), { recursive: true });
      await writeFile(join(stage, '.files.json'), JSON.stringify({ backupId: req.backupId, files: req.files }));
    } else {
      const meta = await readFile(join(stage, '.files.json'), 'utf8').catch(() => null);
      if (meta === null) throw new ServiceError('unknown or expired upload');
      const saved = JSON.parse(meta) as { backupId: string; files: FileEntry[] };
      if (saved.backupId !== req.backupId || JSON.stringify(saved.files) !== JSON.stringify(req.files)) {
        throw new ServiceError('the file list changed during the upload');
      }
    }
    for (const chunk of req.chunks) {
      const file = declared.get(chunk.path);
      if (!file) throw new ServiceError(`chunk for an undeclared file`);
      const data = Buffer.from(chunk.contentBase64, 'base64');
      if (chunk.offset + data.length > file.size) throw new ServiceError('chunk beyond the declared size');
      const handle = await open(join(stage, chunk.path), 'a+').then(async (h) => {
        await h.close();
        return open(join(stage, chunk.path), 'r+');
      });
      try {
        await handle.write(data, 0, data.length, chunk.offset);
      } finally {
        await handle.close();
      }
    }
    if (!req.final) return { uploadId };

    // Final: every size and sha256 must match, then fsync and rename into place.
    for (const file of req.files) {
      const path = join(stage, file.path);
      const data = await readFile(path).catch(() => Buffer.alloc(0));
      if (data.length !== file.size || createHash('sha256').update(data).digest('hex') !== file.sha256) {
        await rm(stage, { recursive: true, force: true });
        throw new ServiceError(`${file.path} did not arrive intact; nothing was changed`);
      }
      await fsyncPath(path);
    }
    await rm(join(stage, '.files.json'), { force: true });
    await fsyncPath(join(stage, 'did-docs'));
    await fsyncPath(stage);
    const target = join(root, req.backupId);
    const existing = await stat(target).catch(() => null);
    if (existing) {
      const current = await describe(target);
      const key = (files: FileEntry[]) => JSON.stringify(files.map((f) => [f.path, f.size, f.sha256]).sort());
      const same = key(current) === key(req.files);
      if (same) {
        await rm(stage, { recursive: true, force: true });
        log(`import-backup ${redactId(req.backupId)}: identical backup already present`);
        return { backupId: req.backupId, written: 0, unchanged: true };
      }
      if (!req.replace) {
        await rm(stage, { recursive: true, force: true });
        throw new ServiceError('a different backup with this id exists; send replace to overwrite it');
      }
      const aside = join(root, `.replaced-${uploadId}`);
      await rename(target, aside);
      await rename(stage, target);
      await fsyncPath(root);
      await rm(aside, { recursive: true, force: true });
    } else {
      await rename(stage, target);
      await fsyncPath(root);
    }
    log(`import-backup ${redactId(req.backupId)}: ${req.files.length} file(s) written`);
    return { backupId: req.backupId, written: req.files.length };
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
          return { method: 'import-backup-response', params: [await importBackup(params?.[0])] };
        case 'backup-digest':
          return { method: 'backup-digest-response', params: [await digestBackup(root, params?.[0], listBackupFiles)] };
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

  return { handle, discardStaleStages };
}

export type BackupService = ReturnType<typeof createBackupService>;
