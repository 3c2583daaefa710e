import { createHash } from 'node:crypto';
import type { SealedFileEntry } from '../../shared/archive/manifest';
import { AppError } from '../../shared/errors';
import type { ReadArchiveResult } from '../archive/format';
import { openKeyFile } from '../archive/seal';

const NEEDS_WORDS = 'The key files in this archive are sealed to your 24 words: enter them to restore it. Nothing was sent to the box.';

/** The sealed key files of a format-2 archive (none for format 1); refused when there are some and no words to open them. */
export function sealedFiles(archive: ReadArchiveResult, sealIdentity: string | undefined): SealedFileEntry[] {
  const m = archive.manifest;
  if (m.formatVersion === 1) return [];
  const sealed = m.files.filter((f) => f.sealed);
  if (sealed.length && !sealIdentity) throw new AppError('invalid-request', NEEDS_WORDS);
  return sealed;
}

/**
 * One sealed key file opened with the identity of the owner's words and checked byte for byte
 * against the size and sha256 the manifest recorded when the box sent it.
 */
export async function openSealedFile(sealIdentity: string, f: SealedFileEntry, sealedBytes: Uint8Array): Promise<Buffer> {
  const plain = await openKeyFile(sealIdentity, sealedBytes, f.path);
  if (plain.length !== f.size || createHash('sha256').update(plain).digest('hex') !== f.sha256) {
    throw new AppError('archive-corrupt', `The key file ${f.path} in this archive opened, but it is not the file the box sent (its checksum does not match). Nothing was sent to the box.`, { path: f.path });
  }
  return plain;
}

/**
 * Before anything is sent: every sealed key file opens with the words and is the box's own file.
 * The kept bytes of each (the verdict keeps key files, a few KB each) are opened one at a time and
 * nothing opened is kept: the upload opens each again when it sends it (./archive-source.ts).
 */
export async function checkSealedFiles(archive: ReadArchiveResult, sealIdentity: string | undefined): Promise<void> {
  const kept = new Map(archive.members.map((m) => [m.path, m.content]));
  for (const f of sealedFiles(archive, sealIdentity)) {
    const bytes = kept.get(f.path);
    if (!bytes) throw new AppError('archive-corrupt', `The sealed key file ${f.path} in this archive is damaged.`, { path: f.path });
    await openSealedFile(sealIdentity!, f, bytes);
  }
}

/**
 * The box's own files from an archive read whole (reseal): format 1 holds them as they are;
 * format 2 holds each key file sealed, opened here with the identity of the owner's words.
 */
export async function unsealedContents(archive: ReadArchiveResult & { contents: Map<string, Buffer> }, sealIdentity: string | undefined): Promise<Map<string, Buffer>> {
  const out = new Map(archive.contents);
  for (const f of sealedFiles(archive, sealIdentity)) out.set(f.path, await openSealedFile(sealIdentity!, f, archive.contents.get(f.path)!));
  return out;
}
