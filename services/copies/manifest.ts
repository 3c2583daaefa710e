import { open } from 'node:fs/promises';
import { Manifest, MANIFEST_NAME } from '../../shared/archive/manifest';
import { invalid, LIMITS } from '../archive/format';

/**
 * Reads only an archive's manifest (its first tar member): enough to know which backup it holds
 * and its digest, without reading the rest. Bounded: one 512-byte header and at most
 * LIMITS.manifestBytes. Integrity is checked elsewhere (verifyArchive); this trusts nothing.
 */
export async function readManifest(path: string): Promise<Manifest> {
  const handle = await open(path, 'r');
  try {
    const header = Buffer.alloc(512);
    const { bytesRead } = await handle.read(header, 0, 512, 0);
    if (bytesRead < 512) throw invalid('truncated');
    const name = header.subarray(0, 100).toString('latin1').replace(/\0.*$/s, '');
    if (name !== MANIFEST_NAME) throw invalid('manifest-not-first');
    const sizeText = header.subarray(124, 136).toString('latin1').replace(/[\0 ]+$/g, '').trim();
    if (!/^[0-7]{1,11}$/.test(sizeText)) throw invalid('not-tar');
    const size = parseInt(sizeText, 8);
    if (size > LIMITS.manifestBytes) throw invalid('too-large', MANIFEST_NAME);
    const body = Buffer.alloc(size);
    const read = await handle.read(body, 0, size, 512);
    if (read.bytesRead < size) throw invalid('truncated');
    let json: unknown;
    try {
      json = JSON.parse(body.toString('utf8'));
    } catch {
      throw invalid('manifest-unreadable');
    }
    const parsed = Manifest.safeParse(json);
    if (!parsed.success) throw invalid('manifest-invalid');
    return parsed.data;
  } finally {
    await handle.close();
  }
}
