import type { SealedFileEntry } from '../../shared/archive/manifest-core';
import type { openBundleIdentities } from '../../shared/bundle';
import { bundleShape, type BundleShape } from '../../shared/bundle-shape';
import { identitiesWithoutFiles } from '../../shared/inspect/identities';
import { AppError } from '../../shared/errors';
import type { Problem, Report } from '../../shared/inspect/report';
import { compareWithManifest, readArchive, type ReadArchiveResult } from '../archive/format';
import { beganAsArchive } from './classify';
import { checkDidDocument } from './did';
import { parseEncryptedPem, unexpectedParams, type PemResult } from './pkcs8';
import { sealedKeyFileProblem } from './sealed';

type PemInfo = Report['pems'][number];

/**
 * The one verdict on a backup, folder or archive: can it bring the identities back? Every screen
 * and command judges with it (inspect, verify, the pull, automatic and scheduled archives, scrub,
 * "Verify all", Copies and restore), so one file never gets two words.
 */
export type VerdictStatus = Report['status'];

/** A box key file or DID document is a few KB; larger ones are reported, never read into memory. */
export const CHECKED_FILE_BYTES = 1024 * 1024;

export const SEVERITY: Record<Problem['code'], VerdictStatus> = {
  'not-an-archive': 'invalid',
  'archive-structure': 'invalid',
  unreadable: 'invalid',
  'too-many-entries': 'invalid',
  'backup-id-shape': 'invalid',
  'checksum-mismatch': 'corrupt',
  'extra-file': 'corrupt',
  'bundle-shape': 'corrupt',
  'pem-invalid': 'corrupt',
  'did-invalid': 'corrupt',
  'missing-file': 'incomplete',
  'bundle-missing': 'incomplete',
  'count-mismatch': 'incomplete',
  incomplete: 'incomplete',
  'name-not-carried': 'incomplete',
  'pem-unexpected-params': 'ok',
  'mnemonic-mismatch': 'ok',
};
const RANK: VerdictStatus[] = ['ok', 'incomplete', 'corrupt', 'invalid'];

export function statusOf(problems: readonly Problem[]): VerdictStatus {
  let status: VerdictStatus = 'ok';
  for (const p of problems) if (RANK.indexOf(SEVERITY[p.code]) > RANK.indexOf(status)) status = SEVERITY[p.code];
  return status;
}

/** What a backup holds, for the shrink guard: the bundle, and one key file and one DID document per identity. */
export interface BackupCounts {
  bundle: boolean;
  keyFiles: number;
  didDocuments: number;
}

export interface Verdict {
  status: VerdictStatus;
  problems: Problem[];
  counts: BackupCounts;
}

/**
 * Does this key file look like the box's encrypted key (PKCS#8 PBES2, never decrypted)? A check of
 * its own, so another kind of key file (a later archive format) can be judged beside it.
 */
export function checkKeyFile(body: Buffer | undefined): PemResult {
  if (!body) return { ok: false, problem: 'This key file is far larger than any key file a box writes, so it was not read.' };
  try {
    return parseEncryptedPem(body.toString('latin1'));
  } catch {
    return { ok: false, problem: 'The key file could not be checked: its structure is not one a box writes.' };
  }
}

export interface ContentInput {
  /** Every path of the backup (archive members or folder files). */
  paths: readonly string[];
  /** The bytes of a path when they were kept (at most CHECKED_FILE_BYTES, the bundle possibly whole). */
  content: (path: string) => Buffer | undefined;
  /** The bundle's structure, when it was checked as it was read instead of kept. */
  bundle?: BundleShape | null;
  /**
   * The owner's words: the bundle is opened and its identities matched to the key files. The
   * opener (shared/bundle.ts) is handed in by the caller that has words, so a check without them
   * loads no cipher.
   */
  words?: OwnerWords;
  /**
   * Archive format 2: key files sealed to the owner's words and not opened here, with what the
   * manifest says of them. Each is judged "sealed to the owner" (./sealed.ts) instead of parsed.
   */
  sealed?: ReadonlyMap<string, SealedFileEntry>;
  /** The bundle's bytes are needed no more after this (inspect): the words check opens it inside them, with no copy of its size. */
  consumeBundle?: boolean;
}

/** The owner's key (mnemonic entropy) and the function that opens the bundle with it. */
export interface OwnerWords {
  entropy: Uint8Array;
  open: typeof openBundleIdentities;
}

export interface ContentJudgement extends Verdict {
  pems: PemInfo[];
  identities?: Report['identities'];
  mnemonicMatches?: boolean;
}

const isKeyFile = (p: string) => p.endsWith('.pem');
const isDidDocument = (p: string) => p.startsWith('did-docs/');

/** The content checks, the same for archives and raw folders. */
export function judgeContent(input: ContentInput): ContentJudgement {
  const problems: Problem[] = [];
  const add = (p: Problem) => problems.push(p);
  const hasBundle = input.paths.includes('backup');
  const bundleText = hasBundle ? input.content('backup') : undefined;
  if (!hasBundle) add({ code: 'bundle-missing', message: 'The encrypted bundle ("backup") is missing: nothing can be restored from this.', path: 'backup' });
  else {
    // Checked once: as it was read (an archive), else from its bytes (a folder).
    const shape = input.bundle ?? (bundleText ? bundleShape(bundleText) : { ok: false, bytes: 0, problem: 'The encrypted bundle could not be checked.' });
    if (!shape.ok) add({ code: 'bundle-shape', message: shape.problem ?? 'The encrypted bundle is damaged.', path: 'backup' });
  }
  const pemPaths = input.paths.filter(isKeyFile).sort();
  const docs = input.paths.filter(isDidDocument).sort();
  const pems: PemInfo[] = [];
  for (const path of pemPaths) {
    if (input.sealed?.has(path)) {
      const problem = sealedKeyFileProblem(path, input.content(path), input.sealed.get(path));
      if (problem) add(problem);
      continue;
    }
    const res = checkKeyFile(input.content(path));
    if (!res.ok) {
      add({ code: 'pem-invalid', message: res.problem, path });
      continue;
    }
    pems.push({ path, kdf: res.params.kdf, prf: res.params.prf, iterations: res.params.iterations, saltLength: res.params.saltLength, cipher: res.params.cipher });
    const odd = unexpectedParams(res.params);
    if (odd.length) add({ code: 'pem-unexpected-params', message: `Encrypted with unusual parameters for a box (${odd.join(', ')}).`, path });
  }
  for (const path of docs) {
    let messages: string[];
    const body = input.content(path);
    try {
      if (!body) messages = ['This DID document is far larger than any a box writes, so it was not read.'];
      else messages = checkDidDocument(path.slice('did-docs/'.length), body.toString('utf8'));
    } catch {
      // Whatever a crafted document does to the checker, the problem belongs to that file alone.
      messages = ['The DID document could not be checked: its structure is not one a box writes.'];
    }
    for (const message of messages) add({ code: 'did-invalid', message, path });
  }
  if (hasBundle && pemPaths.length === 0 && docs.length === 0) {
    add({ code: 'incomplete', message: 'Only the encrypted bundle is here: no key files and no DID documents. The box may have been interrupted while making this backup.' });
  } else if (pemPaths.length !== docs.length) {
    add({ code: 'count-mismatch', message: `There are ${pemPaths.length} key files but ${docs.length} DID documents; each identity should have one of each.` });
  }
  const judgement: ContentJudgement = { status: 'ok', problems, pems, counts: { bundle: hasBundle, keyFiles: pemPaths.length, didDocuments: docs.length } };
  if (input.words && bundleText) matchIdentities(judgement, bundleText, input.words, new Set(input.paths), input.consumeBundle ?? false);
  judgement.status = statusOf(problems);
  return judgement;
}

/** With the owner's words: the bundle's own identities must each have their key file and DID document. */
function matchIdentities(judgement: ContentJudgement, bundleText: Buffer, words: OwnerWords, paths: Set<string>, consume: boolean): void {
  try {
    // One opening, in bounded memory: the contacts are counted, never parsed (shared/bundle.ts).
    const { summary, identities } = words.open(bundleText, words.entropy, { overwrite: consume });
    judgement.identities = { own: summary.own, peers: summary.peers, names: summary.names };
    judgement.mnemonicMatches = true;
    for (const { name, missing } of identitiesWithoutFiles(identities, paths)) {
      for (const path of missing) {
        const what = path.endsWith('.pem') ? 'key file' : 'DID document';
        judgement.problems.push({ code: 'missing-file', message: `The ${what} of the identity "${name}" is not here, so that identity cannot be restored.`, path });
      }
    }
  } catch (err) {
    judgement.mnemonicMatches = false;
    if (err instanceof AppError && err.code === 'mnemonic-mismatch') judgement.problems.push({ code: 'mnemonic-mismatch', message: 'The words given do not open this backup.' });
    else judgement.problems.push({ code: 'bundle-shape', message: 'The bundle opened but its content is not a backup we understand.', path: 'backup' });
  }
}

/** The archive's members against its manifest: computed once per read, used by every check below. */
export type Differences = ReturnType<typeof compareWithManifest>;

/** Format 2: the sealed key files of an archive (those whose bytes match the manifest), by path. */
export function sealedMembers(read: ReadArchiveResult, diffs: Differences): Map<string, SealedFileEntry> {
  const m = read.manifest;
  if (m.formatVersion !== 2) return new Map();
  const bad = new Set(diffs.map((d) => d.path));
  return new Map(m.files.filter((f) => f.sealed && !bad.has(f.path)).map((f) => [f.path, f]));
}

/**
 * An archive already read: its members against its manifest, then its content. `opened`: sealed
 * key files already opened with the owner's words (format 2), judged as the box's key files.
 */
export function judgeArchiveRead(
  read: ReadArchiveResult,
  options: { words?: OwnerWords; opened?: ReadonlyMap<string, Buffer>; consumeBundle?: boolean; diffs?: Differences } = {},
): ContentJudgement {
  const diffs = options.diffs ?? compareWithManifest(read.manifest, read.members);
  const problems: Problem[] = [];
  for (const d of diffs) {
    if (d.problem === 'missing') problems.push({ code: 'missing-file', message: 'The manifest lists this file, but it is not in the archive.', path: d.path });
    else if (d.problem === 'extra') problems.push({ code: 'extra-file', message: 'This file is in the archive but not in its manifest.', path: d.path });
    else problems.push({ code: 'checksum-mismatch', message: `This file is damaged: its ${d.problem === 'size' ? 'size' : 'checksum'} does not match the manifest.`, path: d.path });
  }
  const contents = new Map(read.members.map((m) => [m.path, m.content]));
  const sealed = sealedMembers(read, diffs);
  for (const [path, pem] of options.opened ?? []) {
    contents.set(path, pem);
    sealed.delete(path);
  }
  const content = judgeContent({ paths: read.members.map((m) => m.path), content: (p) => contents.get(p), bundle: read.bundle, words: options.words, sealed, consumeBundle: options.consumeBundle });
  content.problems = [...problems, ...content.problems];
  content.status = statusOf(content.problems);
  return content;
}

/** Which members a verdict needs in memory: key files and DID documents (never a large bundle: it is checked as it streams). */
export const keepForVerdict = (path: string, size: number): boolean => size <= CHECKED_FILE_BYTES;

/**
 * Only what the verdict reads and nothing else: key files and DID documents (a few KB each). A
 * restore keeps no more than this while it checks an archive; its bundle and every other byte are
 * read again from the archive when they are sent.
 */
export const keepOnlyForVerdict = (path: string, size: number): boolean => size <= CHECKED_FILE_BYTES && (isKeyFile(path) || isDidDocument(path));

/** What is said of a file that is no Identity Box archive at all, by inspect and verify alike. */
export const NOT_AN_ARCHIVE = 'This is not an Identity Box archive: it is neither an .idbox archive nor a backup folder copied off a box.';

/** The reader's reasons that mean "not one of ours" (as opposed to one of ours, damaged). */
export const NOT_OURS_REASONS: ReadonlySet<string> = new Set(['not-tar', 'not-a-file', 'unknown-format', 'manifest-missing']);

/**
 * Reads an archive and judges it. Never throws for a bad archive: an unreadable one is `invalid`
 * with the reader's sentence. Throws only a cancel.
 */
export async function judgeArchive(
  path: string,
  options: { signal?: AbortSignal; batch?: boolean; listedAsFile?: boolean } = {},
): Promise<Verdict & { read: ReadArchiveResult | null; intact: boolean; error: AppError | null }> {
  try {
    const read = await readArchive(path, { signal: options.signal, keepContent: keepForVerdict, batch: options.batch, listedAsFile: options.listedAsFile });
    const diffs = compareWithManifest(read.manifest, read.members);
    const { status, problems, counts } = judgeArchiveRead(read, { diffs });
    // Intact: the archive read back as written (every member matches its manifest), whatever the backup inside holds.
    return { status, problems, counts, read, intact: diffs.length === 0, error: null };
  } catch (err) {
    if (err instanceof AppError && err.code === 'cancelled') throw err;
    const error = err instanceof AppError ? err : new AppError('archive-invalid', 'The archive cannot be read.');
    // A text file or a photo is said to be what inspect says it is: not ours, in the same sentence.
    const reason = String(error.detail?.reason ?? '');
    const notOurs = NOT_OURS_REASONS.has(reason) || (reason === 'truncated' && !(await beganAsArchive(path)));
    // A device, a pipe or a socket keeps the reader's own, more exact sentence.
    const problem = notOurs ? { code: 'not-an-archive' as const, message: reason === 'not-a-file' ? error.message : NOT_AN_ARCHIVE } : { code: 'unreadable' as const, message: error.message };
    return { status: 'invalid', problems: [problem], counts: { bundle: false, keyFiles: 0, didDocuments: 0 }, read: null, intact: false, error };
  }
}

/** The problem that decides the status, as one sentence (with how many more there are). */
export function verdictReason(verdict: Pick<Verdict, 'status' | 'problems'>): string | null {
  if (verdict.status === 'ok') return null;
  const deciding = verdict.problems.filter((p) => SEVERITY[p.code] !== 'ok');
  const first = deciding.find((p) => SEVERITY[p.code] === verdict.status) ?? deciding[0];
  if (!first) return null;
  const where = first.path && !first.message.includes(first.path) ? ` (${first.path})` : '';
  const more = deciding.length - 1;
  return `${first.message.replace(/\.$/, '')}${where}.${more > 0 ? ` ${more === 1 ? '1 more problem' : `${more} more problems`} too.` : ''}`;
}
