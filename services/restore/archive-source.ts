import { createHash, type Hash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { boxFiles, memberEntries, type SealedFileEntry } from '../../shared/archive/manifest';
import { AppError } from '../../shared/errors';
import type { ArchiveMember, ReadArchiveResult } from '../archive/format';
import type { UploadSource } from '../box/import-plan';
import { CHECKED_FILE_BYTES } from '../inspect/verdict';
import { openSealedFile, sealedFiles } from './unseal';

/** The sentence when the archive's bytes at upload are not the ones its check read. */
export const ARCHIVE_CHANGED =
  'The archive changed on its disk while it was being restored (was it copied over, or is the stick failing?), so the upload was stopped and the box was left as it was. Check the archive, then restore again.';

const changed = (path: string) => new AppError('archive-corrupt', ARCHIVE_CHANGED, { path, reason: 'changed-during-restore' });

/**
 * The archive file stopped being readable during the upload (its stick pulled out, a failing disk):
 * said as such, not as a fault of the app. Nothing was committed, so the box kept its copy.
 */
function unreadable(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException)?.code ?? 'unknown';
  const what =
    code === 'ENOENT' || code === 'ENOTDIR'
      ? 'The archive file is not there any more (was its stick pulled out?)'
      : code === 'EACCES' || code === 'EPERM'
        ? 'The archive file cannot be read any more: access was refused'
        : 'The stick or disk holding the archive stopped answering (was it pulled out?)';
  return new AppError('archive-unreadable', `${what}, so the upload was stopped and the box was left as it was. Plug it in again, then restore again.`, { reason: code });
}

async function openArchive(archivePath: string): Promise<FileHandle> {
  return open(archivePath, 'r').catch((err: unknown) => {
    throw unreadable(err);
  });
}

/** Reads exactly `length` bytes at `position`, or fails as a changed archive (a shorter file). */
async function readAt(handle: FileHandle, path: string, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await handle.read(buf, got, length - got, position + got).catch((err: unknown) => {
      throw unreadable(err);
    });
    if (bytesRead === 0) throw changed(path);
    got += bytesRead;
  }
  return buf;
}

function placed(member: ArchiveMember | undefined, path: string): ArchiveMember & { offset: number } {
  if (member?.offset === undefined) throw new AppError('internal', 'The archive was checked without noting where its files are, so it cannot be sent. Please report this.', { path });
  return member as ArchiveMember & { offset: number };
}

/** One member's bytes, read from the archive file where its check found them and compared with its checksum again. */
export async function readMember(archivePath: string, member: ArchiveMember): Promise<Buffer> {
  const m = placed(member, member.path);
  const handle = await openArchive(archivePath);
  try {
    const bytes = await readAt(handle, m.path, m.offset, m.size);
    if (createHash('sha256').update(bytes).digest('hex') !== m.sha256) throw changed(m.path);
    return bytes;
  } finally {
    await handle.close();
  }
}

export interface ArchiveSource extends UploadSource {
  close(): Promise<void>;
}

/**
 * A checked archive as an upload source: each slice is read from the archive file when its call is
 * sent, never the whole backup at once. What is read is checked again, so an archive changed
 * between its check and the upload is caught before the commit (the box then drops what it
 * staged and keeps its copy): a plain file's slices feed its sha256, compared with the manifest
 * when its last slice is read; a slice read a second time (a call resent smaller) must hash as it
 * did the first time. A sealed key file (format 2, a few KB, at most CHECKED_FILE_BYTES) is
 * read and opened whole, one at a time, and checked against the manifest each time it is opened.
 */
export async function openArchiveSource(archivePath: string, archive: ReadArchiveResult, sealIdentity: string | undefined): Promise<ArchiveSource> {
  const members = new Map(archive.members.map((m) => [m.path, m]));
  const expected = new Map(memberEntries(archive.manifest).map((f) => [f.path, f]));
  const sealed = new Map<string, SealedFileEntry>(sealedFiles(archive, sealIdentity).map((f) => [f.path, f]));
  const files = boxFiles(archive.manifest).sort((a, b) => a.path.localeCompare(b.path));
  const handle = await openArchive(archivePath);
  const running = new Map<string, { hash: Hash; next: number }>();
  const sliceSums = new Map<string, string>();
  let opened: { path: string; plain: Buffer } | null = null;

  const readSealed = async (f: SealedFileEntry): Promise<Buffer> => {
    if (opened?.path === f.path) return opened.plain;
    const m = placed(members.get(f.path), f.path);
    const want = expected.get(f.path)!;
    if (m.size !== want.size || m.size > 2 * CHECKED_FILE_BYTES) throw changed(f.path);
    const bytes = await readAt(handle, f.path, m.offset, m.size);
    if (createHash('sha256').update(bytes).digest('hex') !== want.sha256) throw changed(f.path);
    opened = { path: f.path, plain: await openSealedFile(sealIdentity!, f, bytes) };
    return opened.plain;
  };

  const readPlain = async (path: string, offset: number, length: number): Promise<Buffer> => {
    const m = placed(members.get(path), path);
    const want = expected.get(path);
    if (!want || offset + length > want.size) throw changed(path);
    const bytes = await readAt(handle, path, m.offset + offset, length);
    const key = `${path}\u0000${offset}\u0000${length}`;
    const sum = createHash('sha256').update(bytes).digest('hex');
    const before = sliceSums.get(key);
    if (before !== undefined) {
      if (before !== sum) throw changed(path);
      return bytes;
    }
    const state = running.get(path) ?? { hash: createHash('sha256'), next: 0 };
    // The plan sends a file's slices in order; a first read anywhere else could not be checked.
    if (offset !== state.next) throw new AppError('internal', 'The upload asked for a part of a file out of order. Please report this.', { path });
    running.set(path, state);
    state.hash.update(bytes);
    state.next += length;
    sliceSums.set(key, sum);
    if (state.next === want.size && state.hash.digest('hex') !== want.sha256) throw changed(path);
    return bytes;
  };

  return {
    files,
    read: async (path, offset, length) => {
      const f = sealed.get(path);
      if (!f) return readPlain(path, offset, length);
      const plain = await readSealed(f);
      if (offset + length > plain.length) throw changed(path);
      return plain.subarray(offset, offset + length);
    },
    close: () => handle.close(),
  };
}
