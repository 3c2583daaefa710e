import { unlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import { backupDigest } from '../../shared/backup-digest';
import { backupRef, type Catalog } from './catalog';
import { archiveFileName, boxFiles, isKeyFile, manifestFingerprint, SEALING, type ManifestV2 } from '../../shared/archive/manifest';
import { backupFingerprint } from '../../shared/archive/fingerprint';
import { AppError } from '../../shared/errors';
import { unsealedContents } from '../restore/unseal';
import { contentsOf, loadArchive } from '../restore/restore';
import { buildArchive, verifyArchive } from './format';
import { sealKeyFile } from './seal';
import { writeArchiveDurably, type DurableWrite } from './write';

/**
 * Reseal: a format-1 archive (key files readable by anyone who has it) -> a format-2 archive of the
 * same backup beside it, key files sealed to the owner's words, written durably and verified; the
 * old one is retired only when asked (after the person confirmed) and only after the new one verified.
 */
export async function resealArchive(options: {
  path: string;
  backupId: string;
  recipient: string;
  retire: boolean;
  /** The app's catalog: the sealed archive is recorded like any verified archive (and the retired one forgotten). */
  catalog?: Catalog;
  now?: Date;
  signal?: AbortSignal;
}): Promise<{ written: DurableWrite; retired: boolean }> {
  const old = await loadArchive(options.path, options.signal, { whole: true });
  const m = old.manifest;
  if (m.formatVersion !== 1) throw new AppError('invalid-request', 'This archive is already sealed (format 2): nothing to do.');
  if (m.backupId !== options.backupId) throw new AppError('mnemonic-mismatch', 'These words belong to a different backup than this archive. Nothing was written.');
  const contents = await unsealedContents({ ...old, contents: contentsOf(old) }, undefined);
  const sealed = new Map(contents);
  const files: ManifestV2['files'] = [];
  for (const f of m.files) {
    if (!isKeyFile(f.path)) {
      files.push({ ...f });
      continue;
    }
    const s = await sealKeyFile(options.recipient, contents.get(f.path)!);
    sealed.set(f.path, s.bytes);
    files.push({ ...f, sealed: { size: s.bytes.length, sha256: s.sha256 } });
  }
  const created = options.now ?? new Date();
  const manifest: ManifestV2 = {
    format: m.format,
    formatVersion: 2,
    createdAt: created.toISOString(),
    app: m.app,
    source: m.source,
    backupFingerprint: backupFingerprint(options.backupId),
    sealing: { ...SEALING },
    files,
  };
  const written = await writeArchiveDurably(dirname(options.path), archiveFileName(manifest.backupFingerprint, created), await buildArchive(manifest, sealed), { signal: options.signal });
  // The new archive read back intact from the disk (commitAndVerify); check it once more as a whole before retiring anything.
  await verifyArchive(written.path);
  if (options.catalog) {
    const old = (await options.catalog.list()).find((e) => e.path === options.path);
    await options.catalog.record(
      {
        path: written.path,
        directory: written.directory,
        fileName: written.fileName,
        backupIdPrefix: manifest.backupFingerprint.slice(0, 8),
        backupRef: backupRef(options.backupId),
        sourceBox: m.source.box,
        createdAt: manifest.createdAt,
        bytes: written.bytes,
        sha256: written.sha256,
        verifiedAt: new Date().toISOString(),
        cacheBypassed: written.cacheBypassed,
        filesystem: written.filesystem,
        demo: old?.demo ?? false,
        removable: old?.removable ?? false,
        digest: backupDigest(boxFiles(manifest), (bytes) => createHash('sha256').update(bytes).digest('hex')).digest,
        ...(old?.place ? { place: old.place } : {}),
      },
      KEEP_ALL,
    );
  }
  let retired = false;
  if (options.retire) retired = await retireUnsealed(options.path, written.path, options.catalog);
  return { written, retired };
}

/** Reseal never makes room by retention: the old archive goes only when the person confirmed. */
const KEEP_ALL = 1_000_000;

/**
 * Removes a format-1 archive once its sealed successor (beside it) reads back intact as format 2 of
 * the same backup with the same files; forgets it in the catalog. The person confirmed before this.
 */
export async function retireUnsealed(oldPath: string, sealedPath: string, catalog?: Catalog): Promise<boolean> {
  const [old, sealed] = [await verifyArchive(oldPath), await verifyArchive(sealedPath)];
  const same = (a: { path: string; size: number; sha256: string }[], b: typeof a) => JSON.stringify(a.map((f) => [f.path, f.size, f.sha256]).sort()) === JSON.stringify(b.map((f) => [f.path, f.size, f.sha256]).sort());
  if (old.manifest.formatVersion !== 1 || sealed.manifest.formatVersion !== 2 || sealed.manifest.backupFingerprint !== manifestFingerprint(old.manifest) || !same(boxFiles(old.manifest), boxFiles(sealed.manifest))) {
    throw new AppError('invalid-request', 'The sealed archive is not a copy of the same backup, so the old archive was kept.');
  }
  await unlink(oldPath);
  await catalog?.forget(oldPath);
  return true;
}
