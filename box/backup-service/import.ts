import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ImportRequest, type FileEntry } from '../../shared/box-protocol';
import { redactId } from '../../shared/redact';
import { fsyncPath, hashFile, type createDescriber } from './files';
import { ServiceError } from './errors';

const STAGE_PREFIX = '.import-';
const STAGE_MAX_AGE_MS = 10 * 60 * 1000;
const MAX_FILES = 10_000;

interface StageMeta {
  backupId: string;
  files: FileEntry[];
  /** The client said more of the file list follows (`moreFiles`). */
  declaring: boolean;
}

export interface ImportContext {
  root: string;
  describer: ReturnType<typeof createDescriber>;
  log: (line: string) => void;
  now: () => number;
}

export async function discardStaleStages(ctx: ImportContext): Promise<void> {
  const entries = await readdir(ctx.root, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(STAGE_PREFIX)) continue;
    const info = await stat(join(ctx.root, entry.name)).catch(() => null);
    if (info && ctx.now() - info.mtimeMs > STAGE_MAX_AGE_MS) {
      await rm(join(ctx.root, entry.name), { recursive: true, force: true });
      ctx.log(`discarded an unfinished upload older than 10 minutes`);
    }
  }
}

const sameList = (a: FileEntry[], b: FileEntry[]) => JSON.stringify(a.map((f) => [f.path, f.size, f.sha256])) === JSON.stringify(b.map((f) => [f.path, f.size, f.sha256]));

/**
 * import-backup (identity-box.md §5): stages chunks under $IDBOX_BACKUP/.import-<uploadId> with
 * positioned writes as they arrive (nothing is held in memory), and on the final call hashes each
 * staged file once, fsyncs and renames the folder into place. The file list comes whole in every
 * call (1.0 clients) or once, possibly split with `moreFiles` (see ImportRequest).
 */
export async function importBackup(ctx: ImportContext, params: unknown) {
  const req = ImportRequest.parse(params);
  const { root, log } = ctx;
  if (req.abort) {
    // uploadId is validated ([A-Za-z0-9_-]), so the stage path stays inside root.
    if (req.uploadId) await rm(join(root, `${STAGE_PREFIX}${req.uploadId}`), { recursive: true, force: true });
    log(`import-backup ${redactId(req.backupId)}: an unfinished upload was abandoned and discarded`);
    return { uploadId: req.uploadId ?? '' };
  }
  await mkdir(root, { recursive: true });
  await discardStaleStages(ctx);
  const uploadId = req.uploadId ?? randomBytes(12).toString('base64url');
  const stage = join(root, `${STAGE_PREFIX}${uploadId}`);
  let meta: StageMeta;
  if (!req.uploadId) {
    if (!req.files?.length) throw new ServiceError('the first call must list the files');
    meta = { backupId: req.backupId, files: req.files, declaring: req.moreFiles === true };
    await mkdir(join(stage, 'did-docs'), { recursive: true });
  } else {
    const saved = await readFile(join(stage, '.files.json'), 'utf8').catch(() => null);
    if (saved === null) throw new ServiceError('unknown or expired upload');
    meta = JSON.parse(saved) as StageMeta;
    if (meta.backupId !== req.backupId) throw new ServiceError('the file list changed during the upload');
    if (meta.declaring) {
      if (!req.files) throw new ServiceError('the rest of the file list is missing');
      meta = { ...meta, files: [...meta.files, ...req.files], declaring: req.moreFiles === true };
    } else if (req.moreFiles || (req.files && !sameList(req.files, meta.files))) {
      throw new ServiceError('the file list changed during the upload');
    }
  }
  const declared = new Map(meta.files.map((f) => [f.path, f]));
  if (declared.size !== meta.files.length) throw new ServiceError('duplicate paths in the file list');
  if (meta.files.length > MAX_FILES) throw new ServiceError('too many files in the list');
  if (!req.uploadId || req.files) await writeFile(join(stage, '.files.json'), JSON.stringify(meta));

  for (const chunk of req.chunks) {
    const file = declared.get(chunk.path);
    if (!file) throw new ServiceError(`chunk for an undeclared file`);
    const data = Buffer.from(chunk.contentBase64, 'base64');
    if (chunk.offset + data.length > file.size) throw new ServiceError('chunk beyond the declared size');
    const handle = await open(join(stage, chunk.path), constants.O_WRONLY | constants.O_CREAT, 0o600);
    try {
      await handle.write(data, 0, data.length, chunk.offset);
    } finally {
      await handle.close();
    }
  }
  if (!req.final) return { uploadId };
  if (meta.declaring) throw new ServiceError('the final call came before the whole file list');

  // Final: every size and sha256 must match (each staged file hashed once), then fsync and rename.
  // Files are checked a few at a time: fsyncs in parallel share the filesystem's journal commits.
  let bad: string | null = null;
  let next = 0;
  const worker = async () => {
    while (bad === null && next < meta.files.length) {
      const file = meta.files[next++]!;
      const path = join(stage, file.path);
      const got = await hashFile(path).catch(() => ({ size: -1, sha256: '' }));
      if (got.size !== file.size || got.sha256 !== file.sha256) bad = file.path;
      else await fsyncPath(path);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (bad !== null) {
    await rm(stage, { recursive: true, force: true });
    throw new ServiceError(`${bad} did not arrive intact; nothing was changed`);
  }
  await rm(join(stage, '.files.json'), { force: true });
  await fsyncPath(join(stage, 'did-docs'));
  await fsyncPath(stage);
  const target = join(root, req.backupId);
  const existing = await stat(target).catch(() => null);
  if (existing) {
    const current = await ctx.describer.describe(target);
    const key = (files: FileEntry[]) => JSON.stringify(files.map((f) => [f.path, f.size, f.sha256]).sort());
    if (key(current) === key(meta.files)) {
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
  log(`import-backup ${redactId(req.backupId)}: ${meta.files.length} file(s) written`);
  return { backupId: req.backupId, written: meta.files.length };
}
