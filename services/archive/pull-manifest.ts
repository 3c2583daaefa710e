import { createHash } from 'node:crypto';
import { ARCHIVE_FORMAT, archiveFileName, isKeyFile, SEALING, sealedSize, type Manifest, type ManifestV2 } from '../../shared/archive/manifest';
import { backupFingerprint } from '../../shared/archive/fingerprint';
import type { FileEntry } from '../../shared/box-protocol';
import { AppError } from '../../shared/errors';
import type { ArchiveStream } from './stream-write';
import { sealKeyFile } from './seal';

/** What a pull writes: format 2 (key files sealed to `recipient`) when the owner's recipient is known, else format 1. */
export interface PullFormat {
  manifest: Manifest;
  fileName: string;
  /** Takes the box's bytes for file `index` and writes what the archive holds (sealed for a key file). */
  write(archive: ArchiveStream, index: number, data: Buffer): Promise<void>;
  /** Every file arrived: format 2 writes its final manifest (with each sealed file's checksum). */
  complete(archive: ArchiveStream): Promise<void>;
}

const PLACEHOLDER_SHA256 = '0'.repeat(64);

export function pullFormat(base: { createdAt: Date; app: Manifest['app']; box: string; backupId: string; recipient: string | null }, files: FileEntry[]): PullFormat {
  const common = { format: ARCHIVE_FORMAT, createdAt: base.createdAt.toISOString(), app: base.app, source: { box: base.box } } as const;
  if (!base.recipient) {
    const manifest: Manifest = { ...common, formatVersion: 1, backupId: base.backupId, files };
    return { manifest, fileName: archiveFileName(base.backupId, base.createdAt), write: (archive, index, data) => archive.write(index, data), complete: async () => {} };
  }
  const recipient = base.recipient;
  const fingerprint = backupFingerprint(base.backupId);
  const entries: ManifestV2['files'] = files.map((f) => (isKeyFile(f.path) ? { ...f, sealed: { size: sealedSize(f.size), sha256: PLACEHOLDER_SHA256 } } : { ...f }));
  const manifest: ManifestV2 = { ...common, formatVersion: 2, backupFingerprint: fingerprint, sealing: { ...SEALING }, files: entries };
  // A key file is held until it is complete (a few KB), checked against the box's list, then sealed.
  const pending = new Map<number, Buffer[]>();
  const got = new Map<number, number>();
  return {
    manifest,
    fileName: archiveFileName(fingerprint, base.createdAt),
    async write(archive, index, data) {
      const entry = entries[index]!;
      if (!entry.sealed) return archive.write(index, data);
      const parts = pending.get(index) ?? [];
      parts.push(data);
      pending.set(index, parts);
      const total = (got.get(index) ?? 0) + data.length;
      got.set(index, total);
      if (total < entry.size) return;
      const content = Buffer.concat(parts);
      pending.delete(index);
      if (content.length !== entry.size || createHash('sha256').update(content).digest('hex') !== entry.sha256) {
        throw new AppError('box-reply-invalid', `The box sent ${entry.path} with a checksum that does not match its own list. Try again; nothing was written.`);
      }
      const sealed = await sealKeyFile(recipient, content);
      entry.sealed = { size: sealed.bytes.length, sha256: sealed.sha256 };
      await archive.write(index, sealed.bytes);
    },
    async complete(archive) {
      for (const [index, entry] of entries.entries()) {
        // An empty key file brings no bytes to trigger its seal.
        if (entry.sealed && entry.size === 0 && !got.has(index)) await this.write(archive, index, Buffer.alloc(0));
        if (entry.sealed?.sha256 === PLACEHOLDER_SHA256) {
          throw new AppError('box-reply-invalid', 'The box did not send every key file of the backup. Try again; nothing was written.');
        }
      }
      await archive.writeManifest(manifest);
    },
  };
}
