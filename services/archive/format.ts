import { createHash, hash as oneShotHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { BACKUP_LIMITS } from '../../shared/backup-limits';
import { isBackupPath } from '../../shared/backup-path';
import type { FileEntry } from '../../shared/box-protocol';
import { checkManifest } from '../../shared/archive/manifest-check';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSIONS, MANIFEST_NAME, MEMBER_PREFIX, memberEntries, type Manifest } from '../../shared/archive/manifest-core';
import { bundleShapeChecker, type BundleShape } from '../../shared/bundle-shape';
import { AppError } from '../../shared/errors';
import { decodeTarHeader } from './tar-header';
import { ALLOWED_PAX_KEYS, checkExtendedHeaders } from './tar-headers';
import { NOT_A_FILE, OPEN_NONBLOCK, plainPathKind, plainPathKindSync, readCheckedFileSync, readListedFileSync } from './plain-path';

/** Limits that keep a hostile or broken archive from exhausting memory or time: what a box folder can hold (BACKUP_LIMITS). */
export const LIMITS = {
  manifestBytes: 1024 * 1024,
  memberBytes: BACKUP_LIMITS.fileBytes,
  members: BACKUP_LIMITS.files,
  totalBytes: BACKUP_LIMITS.totalBytes,
};

export type InvalidReason =
  | 'not-tar'
  | 'truncated'
  | 'manifest-missing'
  | 'manifest-not-first'
  | 'manifest-unreadable'
  | 'unknown-format'
  | 'unknown-version'
  | 'manifest-invalid'
  | 'bad-member-type'
  | 'bad-member-path'
  | 'duplicate-member'
  | 'too-large'
  | 'too-many-members'
  | 'unsupported-header'
  | 'not-a-file';

const sentence: Record<InvalidReason, string> = {
  'not-tar': 'This file is not an Identity Box archive (it is not a tar file).',
  truncated: 'This archive is cut short: its end is missing (an interrupted copy?).',
  'manifest-missing': 'This archive has no manifest, so it cannot be checked.',
  'manifest-not-first': 'This archive does not start with its manifest; it was not made by this app.',
  'manifest-unreadable': 'The manifest of this archive is damaged and cannot be read.',
  'unknown-format': 'This file is a tar archive, but not an Identity Box archive.',
  'unknown-version': 'This archive was made by a newer version of the app. Update the app to open it.',
  'manifest-invalid': 'The manifest of this archive is not in the expected form.',
  'bad-member-type': 'This archive contains a link or folder entry where only files belong.',
  'bad-member-path': 'This archive contains a file outside the backup folder, or with a path that is not allowed.',
  'duplicate-member': 'This archive contains the same file twice.',
  'too-large': 'This archive contains a file far larger than any backup file.',
  'too-many-members': 'This archive contains far more files than any backup has.',
  'unsupported-header': 'This archive uses a tar feature that this app does not read, so it cannot be checked safely.',
  'not-a-file': 'This is not a file or a folder (it is a device, a pipe or a socket), so it cannot hold an archive or a backup.',
};

export function invalid(reason: InvalidReason, path?: string): AppError {
  return new AppError('archive-invalid', sentence[reason], path ? { reason, path } : { reason });
}

export interface ArchiveMember extends FileEntry {
  content?: Buffer;
  /** Where the member's bytes start in the archive file (a restore reads its slices from there). */
  offset?: number;
}

export interface ReadArchiveResult {
  manifest: Manifest;
  members: ArchiveMember[];
  /** The encrypted bundle's structure, checked as it was read (null: the archive has no bundle). */
  bundle: BundleShape | null;
  archiveSize: number;
  archiveSha256: string;
}

/** SHA-256 in hex; one call per buffer where Node has crypto.hash (20.12+), no Hash object. */
const sha256: (data: Uint8Array) => string = typeof oneShotHash === 'function' ? (data) => oneShotHash('sha256', data, 'hex') : (data) => createHash('sha256').update(data).digest('hex');

/** Builds the archive bytes: manifest.json first, then every file under backup/, deterministic headers. */
export async function buildArchive(manifest: Manifest, contents: Map<string, Buffer>): Promise<Buffer> {
  // The writer checks what every reader requires (the same check, ../../shared/archive/manifest-check.ts).
  const parsed = checkManifest(manifest);
  if (!parsed) throw new Error('the manifest does not have the form every reader requires');
  const { pack } = await import('./tar-stream');
  const tar = pack();
  const chunks: Buffer[] = [];
  tar.on('data', (c: unknown) => chunks.push(c as Buffer));
  const done = new Promise<void>((resolve, reject) => {
    tar.on('end', () => resolve());
    tar.on('error', reject);
  });
  const mtime = new Date(parsed.createdAt);
  const header = (name: string, size: number) => ({ name, size, mode: 0o644, mtime, uid: 0, gid: 0, uname: '', gname: '', type: 'file' as const });
  const manifestBytes = Buffer.from(`${JSON.stringify(parsed, null, 2)}\n`);
  tar.entry(header(MANIFEST_NAME, manifestBytes.length), manifestBytes);
  for (const file of memberEntries(parsed)) {
    const data = contents.get(file.path);
    if (!data || data.length !== file.size || sha256(data) !== file.sha256) throw new Error(`content for ${file.path} does not match the manifest`);
    tar.entry(header(`${MEMBER_PREFIX}${file.path}`, data.length), data);
  }
  tar.finalize();
  await done;
  return Buffer.concat(chunks);
}

function checkManifestJson(raw: Buffer): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalid('manifest-unreadable');
  }
  const head = json as { format?: unknown; formatVersion?: unknown } | null;
  if (!head || head.format !== ARCHIVE_FORMAT) throw invalid('unknown-format');
  if (!(ARCHIVE_FORMAT_VERSIONS as readonly unknown[]).includes(head.formatVersion)) throw invalid('unknown-version');
  const parsed = checkManifest(json);
  if (!parsed) throw invalid('manifest-invalid');
  return parsed;
}

/** The rules every member must pass, shared by the buffer and the streaming reader. */
class Walker {
  manifest: Manifest | null = null;
  readonly members: ArchiveMember[] = [];
  bundle: BundleShape | null = null;
  private readonly seen = new Set<string>();
  private total = 0;
  constructor(private readonly options: { signal?: AbortSignal; keepContent?: (path: string, size: number) => boolean; batch?: boolean }) {}

  /** Checks one header; says whether it is the manifest or a member (and whether to keep its bytes). */
  accept(name: string, type: string | null | undefined, size: number): { manifest: true } | { manifest: false; rel: string; keep: boolean } {
    if (this.options.signal?.aborted) throw new AppError('cancelled', 'The operation was cancelled.');
    if (!this.manifest) {
      if (name !== MANIFEST_NAME) throw invalid(name.startsWith(MEMBER_PREFIX) ? 'manifest-not-first' : 'unknown-format');
      if (type !== 'file') throw invalid('bad-member-type', name);
      if (size > LIMITS.manifestBytes) throw invalid('too-large', name);
      return { manifest: true };
    }
    if (type !== 'file') throw invalid('bad-member-type', name);
    if (!name.startsWith(MEMBER_PREFIX)) throw invalid(name === MANIFEST_NAME ? 'duplicate-member' : 'bad-member-path', name);
    const rel = name.slice(MEMBER_PREFIX.length);
    if (!isBackupPath(rel)) throw invalid('bad-member-path', name);
    if (this.seen.has(rel)) throw invalid('duplicate-member', name);
    this.seen.add(rel);
    if (this.seen.size > LIMITS.members) throw invalid('too-many-members');
    if (size > LIMITS.memberBytes) throw invalid('too-large', name);
    this.total += size;
    if (this.total > LIMITS.totalBytes) throw invalid('too-large', name);
    return { manifest: false, rel, keep: this.options.keepContent?.(rel, size) ?? false };
  }

  setManifest(raw: Buffer): void {
    this.manifest = checkManifestJson(raw);
  }

  get batch(): boolean {
    return this.options.batch ?? false;
  }

  /** The bundle's structure check when `rel` is the bundle, fed as its bytes are read. */
  bundleCheck(rel: string): ReturnType<typeof bundleShapeChecker> | null {
    return rel === 'backup' ? bundleShapeChecker() : null;
  }

  addMember(rel: string, size: number, sha256: string, content: Buffer | null, bundle: ReturnType<typeof bundleShapeChecker> | null, offset: number | undefined): void {
    if (bundle) this.bundle = bundle.result();
    this.members.push({ path: rel, size, sha256, ...(content ? { content } : {}), ...(offset !== undefined ? { offset } : {}) });
  }
}

const TWO_ZERO_BLOCKS = Buffer.alloc(1024);

function endsCleanly(size: number, tail: Buffer): boolean {
  // A tar ends with two zero blocks; an archive cut short on a block boundary would otherwise
  // read as a shorter, valid one.
  return size % 512 === 0 && tail.length >= 1024 && tail.subarray(tail.length - 1024).equals(TWO_ZERO_BLOCKS);
}

/** Archives up to this size are read in one piece and walked with tar-stream's header decoder. */
const WHOLE_FILE_BYTES = 16 * 1024 * 1024;

/** The fast path: one read, then the headers block by block (./tar-header.ts, as tar-stream reads them). False: use the stream. */
function walkBuffer(buf: Buffer, walker: Walker): boolean {
  let at = 0;
  while (at + 512 <= buf.length) {
    let header;
    try {
      header = decodeTarHeader(buf.subarray(at, at + 512));
    } catch {
      throw invalid('not-tar');
    }
    if (header === null) return true; // end-of-archive block
    // Extended headers (pax, GNU long names) are left to the full streaming parser.
    if (header.type === 'other') return false;
    at += 512;
    const size = header.size ?? 0;
    const kind = walker.accept(header.name, header.type, size);
    if (at + size > buf.length) throw invalid('truncated');
    const body = buf.subarray(at, at + size);
    if (kind.manifest) walker.setManifest(body);
    else {
      const bundle = walker.bundleCheck(kind.rel);
      bundle?.update(body.toString('latin1')); // one character per byte: the alphabet is tested natively
      // A kept member is copied out of the whole file's buffer, except in a batch, where the verdict
      // is made and the buffer dropped before the next archive is read.
      walker.addMember(kind.rel, size, sha256(body), kind.keep ? (walker.batch ? body : Buffer.from(body)) : null, bundle, at);
    }
    at += Math.ceil(size / 512) * 512;
  }
  throw invalid('truncated');
}

/**
 * Reads an archive with bounded memory: validates the structure strictly and hashes every member.
 * Throws AppError('archive-invalid', sentence, { reason }) for structural problems; compares
 * nothing with the manifest (see compareWithManifest).
 */
export async function readArchive(
  path: string,
  options: {
    signal?: AbortSignal;
    keepContent?: (path: string, size: number) => boolean;
    /** Batch verification: skip the whole-file hash, and read small files synchronously (no thread-pool round trips). */
    batch?: boolean;
    /** A folder listing (the batch's walk) just called this a regular file: no lstat before opening it. */
    listedAsFile?: boolean;
  } = {},
): Promise<ReadArchiveResult> {
  const buf = options.batch ? readSmallSync(path, options.listedAsFile ?? false) : await readSmall(path);
  if (buf) {
    const walker = new Walker(options);
    if (buf.length === 0) throw invalid('truncated');
    if (walkBuffer(buf, walker)) {
      if (!walker.manifest) throw invalid('manifest-missing');
      if (!endsCleanly(buf.length, buf.subarray(Math.max(0, buf.length - 1024)))) throw invalid('truncated');
      const archiveSha256 = options.batch ? '' : sha256(buf);
      return { manifest: walker.manifest, members: walker.members, bundle: walker.bundle, archiveSize: buf.length, archiveSha256 };
    }
  }
  return readArchiveStream(path, options);
}

/** The whole file when it is small enough for the fast path, else null. One open for size and read. */
async function readSmall(path: string): Promise<Buffer | null> {
  const { kind } = await plainPathKind(path);
  if (kind !== 'file') throw invalid('not-tar');
  const handle = await open(path, OPEN_NONBLOCK).catch((err: unknown) => {
    throw classify(err);
  });
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw invalid('not-tar');
    if (!info.isFile()) throw new AppError('archive-invalid', NOT_A_FILE, { reason: 'not-a-file' });
    return info.size <= WHOLE_FILE_BYTES ? await handle.readFile() : null;
  } catch (err) {
    throw classify(err);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

function readSmallSync(path: string, listedAsFile: boolean): Buffer | null {
  if (listedAsFile) {
    const buf = readListedFileSync(path, WHOLE_FILE_BYTES);
    if (buf !== undefined) return buf;
  }
  try {
    if (plainPathKindSync(path).kind !== 'file') throw invalid('not-tar');
    return readCheckedFileSync(path, WHOLE_FILE_BYTES);
  } catch (err) {
    throw classify(err);
  }
}

async function readArchiveStream(path: string, options: { signal?: AbortSignal; keepContent?: (path: string, size: number) => boolean }): Promise<ReadArchiveResult> {
  await checkExtendedHeaders(path, LIMITS.members * 2 + 2).catch((err: unknown) => {
    throw classify(err);
  });
  // Loaded before the file starts to flow (the walk of small archives never needs it).
  const { extract } = await import('./tar-stream');
  const whole = createHash('sha256');
  let archiveSize = 0;
  let tail: Buffer = Buffer.alloc(0);
  const source = createReadStream(path, { highWaterMark: 256 * 1024 }); // checked a plain file by readSmall
  source.on('data', (chunk: string | Buffer) => {
    const b = chunk as Buffer;
    whole.update(b);
    archiveSize += b.length;
    tail = b.length >= 1024 ? b.subarray(b.length - 1024) : Buffer.concat([tail, b]).subarray(-1024);
  });
  const tar = extract();
  const walker = new Walker(options);
  let failure: AppError | null = null;

  const consume = (async () => {
    for await (const entry of tar) {
      const { name, type, size = 0 } = entry.header;
      const pax = (entry.header as { pax?: Record<string, string> }).pax;
      if (pax && Object.keys(pax).some((k) => !ALLOWED_PAX_KEYS.has(k))) throw invalid('unsupported-header', name);
      const kind = walker.accept(name, type, size);
      const hash = createHash('sha256');
      const bundle = kind.manifest ? null : walker.bundleCheck(kind.rel);
      // A kept member is copied into one buffer of its declared size (checked by accept()) as it
      // arrives: never its chunks and their concatenation at once (twice a 60 MB bundle).
      const kept = kind.manifest || kind.keep ? Buffer.allocUnsafe(size) : null;
      let got = 0;
      for await (const c of entry) {
        const b = c as Buffer;
        hash.update(b);
        bundle?.update(b.toString('latin1'));
        if (kept) b.copy(kept, got, 0, Math.max(0, Math.min(b.length, size - got)));
        got += b.length;
      }
      const content = kept ? kept.subarray(0, Math.min(got, size)) : null;
      // tar-stream's own record of where the member's data starts (a restore re-checks what it reads there).
      const offset = (entry.header as { byteOffset?: unknown }).byteOffset;
      if (kind.manifest) walker.setManifest(content!);
      else walker.addMember(kind.rel, got, hash.digest('hex'), content, bundle, typeof offset === 'number' ? offset : undefined);
    }
  })();

  try {
    await Promise.all([
      pipeline(source, tar).catch((err: unknown) => {
        failure ??= classify(err);
        throw failure;
      }),
      consume.catch((err: unknown) => {
        failure ??= err instanceof AppError ? err : classify(err);
        source.destroy();
        tar.destroy();
        throw failure;
      }),
    ]);
  } catch {
    throw failure ?? invalid('not-tar');
  }
  if (!walker.manifest) throw invalid(archiveSize === 0 ? 'truncated' : 'manifest-missing');
  if (!endsCleanly(archiveSize, tail)) throw invalid('truncated');
  return { manifest: walker.manifest, members: walker.members, bundle: walker.bundle, archiveSize, archiveSha256: whole.digest('hex') };
}

function classify(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === 'ENOENT') return new AppError('not-found', 'The archive file is not there any more.');
  if (code === 'EACCES' || code === 'EPERM') return new AppError('permission-denied', 'The archive file cannot be read: access was refused.');
  if (code === 'EIO' || code === 'ENODEV' || code === 'ENXIO') return new AppError('destination-removed', 'The stick holding this archive stopped answering (removed?).');
  const message = err instanceof Error ? err.message : String(err);
  if (/unexpected end|premature close|truncat/i.test(message)) return invalid('truncated');
  return invalid('not-tar');
}

export interface Difference {
  path: string;
  problem: 'missing' | 'extra' | 'size' | 'sha256';
}

/** What differs between the manifest and the members actually in the archive. */
export function compareWithManifest(manifest: Manifest, members: FileEntry[]): Difference[] {
  const actual = new Map(members.map((m) => [m.path, m]));
  const out: Difference[] = [];
  // Format 2: a sealed key file is checked as the sealed bytes the archive holds.
  for (const f of memberEntries(manifest)) {
    const m = actual.get(f.path);
    if (!m) out.push({ path: f.path, problem: 'missing' });
    else if (m.size !== f.size) out.push({ path: f.path, problem: 'size' });
    else if (m.sha256 !== f.sha256) out.push({ path: f.path, problem: 'sha256' });
  }
  const declared = new Set(manifest.files.map((f) => f.path));
  for (const m of members) if (!declared.has(m.path)) out.push({ path: m.path, problem: 'extra' });
  return out;
}

/** Reads and checks an archive completely; throws archive-invalid or archive-corrupt. */
export async function verifyArchive(path: string, options: { signal?: AbortSignal; keepContent?: (path: string, size: number) => boolean } = {}): Promise<ReadArchiveResult> {
  const result = await readArchive(path, options);
  const diff = compareWithManifest(result.manifest, result.members);
  if (diff.length) {
    const first = diff[0]!;
    throw new AppError(
      'archive-corrupt',
      first.problem === 'missing'
        ? `The archive is missing ${first.path}.`
        : first.problem === 'extra'
          ? `The archive contains ${first.path}, which its manifest does not list.`
          : `The file ${first.path} in this archive is damaged (its checksum does not match).`,
      { path: first.path, problem: first.problem, differences: diff.length },
    );
  }
  return result;
}
