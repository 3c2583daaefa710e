import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { ImportRequest, type FileEntry } from '../../shared/box-protocol';
import { redactId } from '../../shared/redact';
import { fsyncPath, hashFile, type createDescriber } from './files';
import { ServiceError } from './errors';
import { STAGE_PREFIX, type Upload, type Uploads } from './uploads';
import { keepAsVersion } from './versions';

export interface ImportContext {
  root: string;
  describer: ReturnType<typeof createDescriber>;
  log: (line: string) => void;
  now: () => number;
  uploads: Uploads;
  /** Replaced copies kept per backup id (at least 1). */
  versionsKept: number;
}

const sameList = (a: FileEntry[], b: FileEntry[]) => JSON.stringify(a.map((f) => [f.path, f.size, f.sha256])) === JSON.stringify(b.map((f) => [f.path, f.size, f.sha256]));

/**
 * import-backup (identity-box.md §5): stages chunks under $IDBOX_BACKUP/.import-<uploadId> with
 * positioned writes as they arrive (nothing is held in memory), counting the bytes received per
 * file; the final call refuses holes, then hashes each staged file once, fsyncs and renames the
 * folder into place. A replace keeps the replaced copy (./versions.ts). The file list comes whole
 * in every call (1.0 clients) or once, possibly split with `moreFiles` (see ImportRequest). Every
 * limit (./uploads.ts) is checked at the call that breaks it, before anything is written.
 */
export async function importBackup(ctx: ImportContext, params: unknown) {
  const req = ImportRequest.parse(params);
  const { root, log, uploads } = ctx;
  await uploads.expireIdle();
  if (req.abort) {
    // uploadId is validated ([A-Za-z0-9_-]), so the stage path stays inside root.
    if (req.uploadId) {
      const stage = join(root, `${STAGE_PREFIX}${req.uploadId}`);
      if (uploads.has(req.uploadId)) await uploads.discard(uploads.get(req.uploadId, req.backupId), 'discarded a cancelled upload');
      else await rm(stage, { recursive: true, force: true });
    }
    log(`import-backup ${redactId(req.backupId)}: an unfinished upload was abandoned and discarded`);
    return { uploadId: req.uploadId ?? '' };
  }
  let upload: Upload;
  if (!req.uploadId) {
    if (!req.files?.length) throw new ServiceError('the first call must list the files');
    const uploadId = randomBytes(12).toString('base64url');
    upload = uploads.start(uploadId, req.backupId, join(root, `${STAGE_PREFIX}${uploadId}`), req.files, req.moreFiles === true);
    await mkdir(join(upload.stage, 'did-docs'), { recursive: true });
  } else {
    upload = uploads.get(req.uploadId, req.backupId);
  }
  try {
    if (req.uploadId) {
      if (upload.declaring) {
        if (!req.files) throw new ServiceError('the rest of the file list is missing');
        uploads.declare(upload, req.files, req.moreFiles === true);
      } else if (req.moreFiles || (req.files && !sameList(req.files, upload.files))) {
        throw new ServiceError('the file list changed during the upload');
      }
    }
    return await stageAndMaybeCommit(ctx, upload, req);
  } catch (err) {
    // A refused upload is over: its stage goes now, not when it expires.
    if (err instanceof ServiceError && uploads.has(upload.id)) await uploads.discard(upload, `import-backup ${redactId(req.backupId)}: refused (${err.message}); its stage was discarded`);
    throw err;
  }
}

async function stageAndMaybeCommit(ctx: ImportContext, upload: Upload, req: ImportRequest) {
  const { root, log, uploads } = ctx;
  for (const chunk of req.chunks) {
    const file = upload.byPath.get(chunk.path);
    if (!file) throw new ServiceError(`chunk for an undeclared file`);
    const data = Buffer.from(chunk.contentBase64, 'base64');
    if (chunk.offset + data.length > file.size) throw new ServiceError('chunk beyond the declared size');
    const handle = await open(join(upload.stage, chunk.path), constants.O_WRONLY | constants.O_CREAT, 0o600);
    try {
      await handle.write(data, 0, data.length, chunk.offset);
    } finally {
      await handle.close();
    }
    uploads.received(upload, chunk.path, chunk.offset, data.length);
  }
  if (!req.final) return { uploadId: upload.id };
  if (upload.declaring) throw new ServiceError('the final call came before the whole file list');
  // Received must equal declared for every file before any hashing: a sparse stage costs nothing to
  // declare and much to hash.
  const hole = uploads.firstHole(upload);
  if (hole !== null) throw new ServiceError(`${hole} did not arrive whole; nothing was changed`);
  for (const f of upload.files) if (f.size === 0) await (await open(join(upload.stage, f.path), constants.O_WRONLY | constants.O_CREAT, 0o600)).close();

  // Final: every size and sha256 must match (each staged file hashed once), then fsync and rename.
  // Files are checked a few at a time: fsyncs in parallel share the filesystem's journal commits.
  let bad: string | null = null;
  let next = 0;
  const files = upload.files;
  const worker = async () => {
    while (bad === null && next < files.length) {
      const file = files[next++]!;
      const path = join(upload.stage, file.path);
      const got = await hashFile(path).catch(() => ({ size: -1, sha256: '' }));
      if (got.size !== file.size || got.sha256 !== file.sha256) bad = file.path;
      else await fsyncPath(path);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (bad !== null) throw new ServiceError(`${bad} did not arrive intact; nothing was changed`);
  await fsyncPath(join(upload.stage, 'did-docs'));
  await fsyncPath(upload.stage);
  const target = join(root, req.backupId);
  const existing = await stat(target).catch(() => null);
  uploads.finished(upload);
  try {
    if (existing) {
      const current = await ctx.describer.describe(target);
      const key = (list: FileEntry[]) => JSON.stringify(list.map((f) => [f.path, f.size, f.sha256]).sort());
      if (key(current) === key(files)) {
        log(`import-backup ${redactId(req.backupId)}: identical backup already present`);
        return { backupId: req.backupId, written: 0, unchanged: true };
      }
      if (!req.replace) throw new ServiceError('a different backup with this id exists; send replace to overwrite it');
      // Never deleted: the current copy becomes a kept version, then the new one takes its place.
      await keepAsVersion(root, req.backupId, target, ctx.versionsKept, ctx.now, log);
    }
    await rename(upload.stage, target);
    await fsyncPath(root);
  } finally {
    await rm(upload.stage, { recursive: true, force: true });
  }
  log(`import-backup ${redactId(req.backupId)}: ${files.length} file(s) written`);
  return { backupId: req.backupId, written: files.length };
}
