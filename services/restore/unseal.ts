import { createHash } from 'node:crypto';
import { AppError } from '../../shared/errors';
import type { ReadArchiveResult } from '../archive/format';
import { openKeyFile } from '../archive/seal';

/**
 * The box's own files from an archive: format 1 holds them as they are; format 2 holds each key
 * file sealed, opened here with the identity of the owner's words and checked byte for byte
 * against the size and sha256 the manifest recorded when the box sent it.
 */
export async function unsealedContents(archive: ReadArchiveResult & { contents: Map<string, Buffer> }, sealIdentity: string | undefined): Promise<Map<string, Buffer>> {
  const m = archive.manifest;
  if (m.formatVersion === 1) return archive.contents;
  const sealed = m.files.filter((f) => f.sealed);
  if (sealed.length && !sealIdentity) {
    throw new AppError('invalid-request', 'The key files in this archive are sealed to your 24 words: enter them to restore it. Nothing was sent to the box.');
  }
  const out = new Map(archive.contents);
  for (const f of sealed) {
    const plain = await openKeyFile(sealIdentity!, archive.contents.get(f.path)!, f.path);
    if (plain.length !== f.size || createHash('sha256').update(plain).digest('hex') !== f.sha256) {
      throw new AppError('archive-corrupt', `The key file ${f.path} in this archive opened, but it is not the file the box sent (its checksum does not match). Nothing was sent to the box.`, { path: f.path });
    }
    out.set(f.path, plain);
  }
  return out;
}
