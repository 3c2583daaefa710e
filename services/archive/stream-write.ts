import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { open, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Manifest, MANIFEST_NAME, MEMBER_PREFIX, memberEntries } from '../../shared/archive/manifest';
import { cancelledError, commitAndVerify, destinationError, holdWhileWriting, preflight, tempArchivePath, type DurableWrite, type WriteStage } from './write';

/**
 * An archive written to its temp file while the backup arrives, so a pull holds about one reply in
 * memory instead of the backup and the archive (./format.ts buildArchive makes the same bytes in
 * memory; stream-write.test.ts proves them equal). The layout is known from the file list: each
 * member's header, content and padding have a fixed place, so content is written where it belongs
 * whatever order it comes in, and the archive's sha256 is computed in archive order as it grows.
 * Then the same durable finish as every archive (./write.ts commitAndVerify).
 */
interface TarHeader {
  name: string;
  size: number;
  mode: number;
  mtime: Date;
  uid: number;
  gid: number;
  uname: string;
  gname: string;
  type: 'file';
}
interface TarEncoders {
  encode(header: TarHeader | (Omit<TarHeader, 'type'> & { type: 'pax-header' })): Buffer | null;
  encodePax(opts: { name: string }): Buffer;
}
let encoders: TarEncoders | undefined;

function tarEncoders(): TarEncoders {
  // tar-stream's own header encoders (not exported through its package "exports"), as its pack() uses them.
  const require = createRequire(import.meta.url);
  encoders ??= require(join(dirname(require.resolve('tar-stream')), 'headers.js')) as TarEncoders;
  return encoders;
}

const BLOCK = 512;
const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK;
const ZEROS = Buffer.alloc(1024);

/** The header block(s) tar-stream's pack() writes for a member: plain ustar, or a PAX header first for a long name. */
export function memberHeader(name: string, size: number, mtime: Date): Buffer {
  const { encode, encodePax } = tarEncoders();
  const header: TarHeader = { name, size, mode: 0o644, mtime, uid: 0, gid: 0, uname: '', gname: '', type: 'file' };
  const plain = encode(header);
  if (plain) return plain;
  // As pack() does: the real name goes in the PAX record; both ustar headers say "PaxHeader".
  const pax = encodePax({ name });
  const paxHeader = encode({ ...header, name: 'PaxHeader', size: pax.length, type: 'pax-header' })!;
  return Buffer.concat([paxHeader, pax, ZEROS.subarray(0, padding(pax.length)), encode({ ...header, name: 'PaxHeader' })!]);
}

const manifestJson = (m: Manifest) => Buffer.from(`${JSON.stringify(m, null, 2)}\n`);

interface Member {
  header: Buffer;
  headerStart: number;
  dataStart: number;
  size: number;
  /** Content bytes written so far (they arrive in order within a member). */
  got: number;
}

export interface ArchiveStream {
  /** Bytes the finished archive will have. */
  readonly size: number;
  /** The next bytes of file `index` of the manifest (content arrives in order within each file). */
  write(index: number, data: Buffer): Promise<void>;
  /**
   * With `deferManifest`: the final manifest, once every sealed file's checksum is known. It must
   * have exactly the bytes' length of the manifest the stream was opened with (its layout).
   */
  writeManifest(manifest: Manifest): Promise<void>;
  /** Every file is complete: end the archive, fsync, name it, read it back and check it. */
  finish(): Promise<DurableWrite>;
  /** Removes the temp file; safe to call at any time, and more than once. */
  abort(): Promise<void>;
}

export async function openArchiveStream(
  directory: string,
  fileName: string,
  manifest: Manifest,
  options: {
    signal?: AbortSignal;
    onProgress?: (stage: WriteStage, done: number, total: number) => void;
    /** The manifest given here only sets the layout (its length); writeManifest gives the final one (format 2: sealed checksums). */
    deferManifest?: boolean;
    keepContent?: (path: string, size: number) => boolean;
  } = {},
): Promise<ArchiveStream> {
  const parsed = Manifest.parse(manifest);
  const mtime = new Date(parsed.createdAt);
  const manifestBytes = manifestJson(parsed);
  const members: Member[] = [];
  let at = 0;
  for (const { name, size } of [{ name: MANIFEST_NAME, size: manifestBytes.length }, ...memberEntries(parsed).map((f) => ({ name: `${MEMBER_PREFIX}${f.path}`, size: f.size }))]) {
    const header = memberHeader(name, size, mtime);
    members.push({ header, headerStart: at, dataStart: at + header.length, size, got: 0 });
    at += header.length + size + padding(size);
  }
  const size = at + ZEROS.length;
  const pre = await preflight(directory, size);
  const temp = tempArchivePath(directory);
  let handle: FileHandle | null = null;
  let closed = false;
  const hash = createHash('sha256');
  /** Everything before this offset is written and hashed, in archive order. */
  let cursor = 0;
  /** The member the cursor is in. */
  let current = 0;

  const fail = async (err: unknown): Promise<never> => {
    await abort();
    throw destinationError(err, directory, 'write');
  };
  async function abort(): Promise<void> {
    if (!closed) {
      closed = true;
      await handle?.close().catch(() => undefined);
    }
    await rm(temp, { force: true }).catch(() => undefined);
  }
  async function put(data: Buffer, position: number): Promise<void> {
    let done = 0;
    while (done < data.length) done += (await handle!.write(data, done, data.length - done, position + done)).bytesWritten;
  }
  /** Writes what is ours to write (headers, padding) and hashes what is in place, as far as the archive is complete. */
  async function advance(): Promise<void> {
    while (current < members.length) {
      const m = members[current]!;
      if (cursor < m.dataStart) {
        await put(m.header, m.headerStart);
        hash.update(m.header);
        cursor = m.dataStart;
      }
      if (cursor < m.dataStart + m.got) {
        // Content that came before the members ahead of it were complete: hashed from the file now.
        const piece = Buffer.allocUnsafe(Math.min(1024 * 1024, m.dataStart + m.got - cursor));
        while (cursor < m.dataStart + m.got) {
          const { bytesRead } = await handle!.read(piece, 0, Math.min(piece.length, m.dataStart + m.got - cursor), cursor);
          if (bytesRead === 0) throw new Error('the archive being written came out short');
          hash.update(piece.subarray(0, bytesRead));
          cursor += bytesRead;
        }
      }
      if (m.got < m.size) return;
      const pad = padding(m.size);
      if (pad) {
        await put(ZEROS.subarray(0, pad), cursor);
        hash.update(ZEROS.subarray(0, pad));
        cursor += pad;
      }
      current += 1;
    }
  }

  /** The next content bytes of member `index` (0 is the manifest). */
  async function take(index: number, data: Buffer): Promise<void> {
    const m = members[index];
    if (!m || closed) throw new Error('no such member');
    if (m.got + data.length > m.size) throw new Error('more content than the manifest declares');
    if (options.signal?.aborted) return fail(cancelledError());
    const position = m.dataStart + m.got;
    try {
      await put(data, position);
      m.got += data.length;
      if (cursor === position) {
        hash.update(data);
        cursor += data.length;
      }
      await advance();
    } catch (err) {
      return fail(err);
    }
  }

  try {
    // Read and write: content that came out of order is hashed from the file (advance).
    handle = await open(temp, 'wx+', 0o600);
    holdWhileWriting(handle.fd);
    await advance();
  } catch (err) {
    return fail(err);
  }
  if (!options.deferManifest) await take(0, manifestBytes);

  return {
    size,
    write: (index, data) => take(index + 1, data),
    async writeManifest(final) {
      if (!options.deferManifest || members[0]!.got > 0) throw new Error('the manifest is already written');
      const bytes = manifestJson(Manifest.parse(final));
      if (bytes.length !== manifestBytes.length) throw new Error('the final manifest does not fit the layout');
      await take(0, bytes);
    },
    async finish() {
      try {
        if (current !== members.length) throw new Error('the archive is not complete');
        if (options.signal?.aborted) throw cancelledError();
        options.onProgress?.('writing', size, size);
        await put(ZEROS, cursor);
        hash.update(ZEROS);
        cursor += ZEROS.length;
        options.onProgress?.('syncing', 0, size);
        await handle!.sync();
        closed = true;
        await handle!.close();
      } catch (err) {
        return fail(err);
      }
      return commitAndVerify({ temp, directory, fileName, bytes: size, sha256: hash.digest('hex'), filesystem: pre.filesystem }, options);
    },
    abort,
  };
}
