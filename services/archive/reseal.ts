import { unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { archiveFileName, isKeyFile, SEALING, type ManifestV2 } from '../../shared/archive/manifest';
import { backupFingerprint } from '../../shared/archive/fingerprint';
import { AppError } from '../../shared/errors';
import { unsealedContents } from '../restore/unseal';
import { loadArchive } from '../restore/restore';
import { buildArchive, verifyArchive } from './format';
import { sealKeyFile } from './seal';
import { writeArchiveDurably, type DurableWrite } from './write';

/**
 * Reseal: a format-1 archive (key files readable by anyone who has it) -> a format-2 archive of the
 * same backup beside it, key files sealed to the owner's words, written durably and verified; the
 * old one is retired only when asked (after the person confirmed) and only after the new one verified.
 */
export async function resealArchive(options: { path: string; backupId: string; recipient: string; retire: boolean; now?: Date; signal?: AbortSignal }): Promise<{ written: DurableWrite; retired: boolean }> {
  const old = await loadArchive(options.path, options.signal);
  const m = old.manifest;
  if (m.formatVersion !== 1) throw new AppError('invalid-request', 'This archive is already sealed (format 2): nothing to do.');
  if (m.backupId !== options.backupId) throw new AppError('mnemonic-mismatch', 'These words belong to a different backup than this archive. Nothing was written.');
  const contents = await unsealedContents(old, undefined);
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
  let retired = false;
  if (options.retire) {
    await unlink(options.path);
    retired = true;
  }
  return { written, retired };
}
