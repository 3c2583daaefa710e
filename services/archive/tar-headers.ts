import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { AppError } from '../../shared/errors';

/**
 * The app must never see a different archive than GNU tar does. tar-stream applies only the PAX
 * keys `path`, `linkpath` and `size`; GNU tar applies many more (GNU.sparse.* renames a member
 * and rebuilds its content; a global header changes every later member). So before any member is
 * read, every header is walked: global headers and GNU long-name records are refused, and a
 * per-member PAX header may carry `path` only (what our own writer emits for a long key name).
 */
export const ALLOWED_PAX_KEYS = new Set(['path']);
const MAX_PAX_BYTES = 64 * 1024;

interface RawHeader {
  name: string;
  type: string | null;
  size: number | null;
}
type Decoders = {
  decode: (block: Buffer, encoding: string, allowUnknownFormat: boolean) => RawHeader | null;
  decodePax: (buf: Buffer) => Record<string, string>;
};
let decoders: Decoders | null = null;

function tarStreamHeaders(): Decoders {
  // tar-stream's own header decoders (not exported through its package "exports").
  const require = createRequire(import.meta.url);
  decoders ??= require(join(dirname(require.resolve('tar-stream')), 'headers.js')) as Decoders;
  return decoders;
}

const refused = (what: string) => new AppError('archive-invalid', `This archive uses a tar feature that this app does not read (${what}), so it cannot be checked safely.`, { reason: 'unsupported-header' });

/** Checks one PAX record block's keys. */
export function checkPaxRecords(body: Buffer): void {
  const records = tarStreamHeaders().decodePax(body);
  for (const key of Object.keys(records)) if (!ALLOWED_PAX_KEYS.has(key)) throw refused(`the extended header "${key.slice(0, 40)}"`);
}

/** Walks every header of the archive at `path` with positional reads (a few blocks per member). */
export async function checkExtendedHeaders(path: string, maxHeaders: number): Promise<void> {
  const { decode } = tarStreamHeaders();
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const block = Buffer.alloc(512);
    let at = 0;
    for (let count = 0; at + 512 <= size; count++) {
      if (count > maxHeaders) return; // the member walk reports too-many-members
      await handle.read(block, 0, 512, at);
      let header: RawHeader | null;
      try {
        header = decode(block, 'utf-8', false);
      } catch {
        return; // not a tar header: the member walk says what is wrong
      }
      if (header === null) return;
      const bodySize = header.size ?? 0;
      if (header.type === 'pax-global-header') throw refused('a global extended header');
      if (header.type === 'gnu-long-path' || header.type === 'gnu-long-link-path') throw refused('a GNU long name');
      if (header.type === 'pax-header') {
        if (bodySize > MAX_PAX_BYTES) throw refused('an oversized extended header');
        const body = Buffer.alloc(bodySize);
        await handle.read(body, 0, bodySize, at + 512);
        checkPaxRecords(body);
      }
      at += 512 + Math.ceil(bodySize / 512) * 512;
    }
  } finally {
    await handle.close();
  }
}
