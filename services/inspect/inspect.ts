import { bundleShape, openBundleSummary } from '../../shared/bundle';
import { AppError } from '../../shared/errors';
import { shortenIds } from '../../shared/redact';
import { REPORT_VERSION, type Problem, type Report } from '../../shared/inspect/report';
import { readBackupFolder } from '../archive/folder';
import { compareWithManifest, readArchive } from '../archive/format';
import { plainPathKind } from '../archive/plain-path';
import { beganAsArchive } from './classify';
import { checkDidDocument } from './did';
import { parseEncryptedPem, unexpectedParams } from './pkcs8';
import { sealedKeyFileProblem } from './sealed';
import { openKeyFile } from '../archive/seal';
import { manifestBelongsTo, manifestLabel, type SealedFileEntry } from '../../shared/archive/manifest';

/** A box key file is ~2 KB and a DID document ~1 KB; larger ones are reported, not read into memory. */
const CHECKED_FILE_BYTES = 1024 * 1024;

export const NO_SUCH_PATH = 'No file or folder at this path.';
export const NOT_AN_ARCHIVE = 'This is not an Identity Box archive: it is neither an .idbox archive nor a backup folder copied off a box.';

export interface InspectOptions {
  signal?: AbortSignal;
  /** The owner's key (mnemonic entropy), CLI only: never leaves this process, never in the report. */
  entropy?: Uint8Array;
  /** The id of the owner's words, to say whether they match (without decrypting). */
  backupId?: string;
  /** Format 2: the identity of the owner's words, to open the sealed key files and check what is inside. */
  sealIdentity?: string;
}

function emptyReport(path: string, kind: Report['kind'], size: number): Report {
  return {
    reportVersion: REPORT_VERSION,
    path,
    kind,
    status: 'ok',
    format: null,
    formatVersion: null,
    createdAt: null,
    appVersion: null,
    sourceBox: null,
    backupId: null,
    size,
    files: [],
    pems: [],
    didDocuments: 0,
    problems: [],
  };
}

const SEVERITY: Record<Problem['code'], Report['status']> = {
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
  'pem-unexpected-params': 'ok',
  'mnemonic-mismatch': 'ok',
};
const RANK: Report['status'][] = ['ok', 'incomplete', 'corrupt', 'invalid'];

/** Sets the status from the problems, and shortens any backup id in a path or message (a raw box folder is named by its full id). */
function finish(report: Report): Report {
  report.path = shortenIds(report.path);
  for (const p of report.problems) {
    p.message = shortenIds(p.message);
    if (p.path) p.path = shortenIds(p.path);
  }
  let status: Report['status'] = 'ok';
  for (const p of report.problems) if (RANK.indexOf(SEVERITY[p.code]) > RANK.indexOf(status)) status = SEVERITY[p.code];
  report.status = status;
  return report;
}

/** Structure checks of the backup folder's content, the same for archives and raw folders. */
function checkContent(report: Report, contents: Map<string, Buffer | undefined>, options: InspectOptions, sealed = new Map<string, SealedFileEntry>()): void {
  const add = (p: Problem) => report.problems.push(p);
  const backup = contents.get('backup');
  if (!backup) add({ code: 'bundle-missing', message: 'The encrypted bundle ("backup") is missing: nothing can be restored from this.', path: 'backup' });
  else {
    const shape = bundleShape(backup);
    if (!shape.ok) add({ code: 'bundle-shape', message: shape.problem ?? 'The encrypted bundle is damaged.', path: 'backup' });
  }
  const pems = [...contents.keys()].filter((p) => p.endsWith('.pem')).sort();
  const docs = [...contents.keys()].filter((p) => p.startsWith('did-docs/')).sort();
  for (const path of pems) {
    let res: ReturnType<typeof parseEncryptedPem>;
    const body = contents.get(path);
    if (sealed.has(path)) {
      const problem = sealedKeyFileProblem(path, body, sealed.get(path));
      if (problem) add(problem);
      continue;
    }
    try {
      if (!body) res = { ok: false, problem: 'This key file is far larger than any key file a box writes, so it was not read.' };
      else res = parseEncryptedPem(body.toString('latin1'));
    } catch {
      res = { ok: false, problem: 'The key file could not be checked: its structure is not one a box writes.' };
    }
    if (!res.ok) {
      add({ code: 'pem-invalid', message: res.problem, path });
      continue;
    }
    report.pems.push({ path, kdf: res.params.kdf, prf: res.params.prf, iterations: res.params.iterations, saltLength: res.params.saltLength, cipher: res.params.cipher });
    const odd = unexpectedParams(res.params);
    if (odd.length) add({ code: 'pem-unexpected-params', message: `Encrypted with unusual parameters for a box (${odd.join(', ')}).`, path });
  }
  for (const path of docs) {
    let messages: string[];
    const body = contents.get(path);
    try {
      if (!body) messages = ['This DID document is far larger than any a box writes, so it was not read.'];
      else messages = checkDidDocument(path.slice('did-docs/'.length), body.toString('utf8'));
    } catch {
      // Whatever a crafted document does to the checker, the problem belongs to that file alone.
      messages = ['The DID document could not be checked: its structure is not one a box writes.'];
    }
    for (const message of messages) add({ code: 'did-invalid', message, path });
  }
  report.didDocuments = docs.length;
  if (backup && pems.length === 0 && docs.length === 0) {
    add({ code: 'incomplete', message: 'Only the encrypted bundle is here: no key files and no DID documents. The box may have been interrupted while making this backup.' });
  } else if (pems.length !== docs.length) {
    add({ code: 'count-mismatch', message: `There are ${pems.length} key files but ${docs.length} DID documents; each identity should have one of each.` });
  }
  if (options.entropy && backup) {
    try {
      // The bundle's bytes are needed no more (hashed and shape-checked above): it is opened inside them.
      const summary = openBundleSummary(backup, options.entropy, { overwrite: true });
      report.identities = { own: summary.own, peers: summary.peers, names: summary.names };
      report.mnemonicMatches = true;
    } catch (err) {
      report.mnemonicMatches = false;
      if (err instanceof AppError && err.code === 'mnemonic-mismatch') add({ code: 'mnemonic-mismatch', message: 'The words given do not open this backup.' });
      else add({ code: 'bundle-shape', message: 'The bundle opened but its content is not a backup we understand.', path: 'backup' });
    }
  }
}

async function inspectArchive(path: string, size: number, options: InspectOptions): Promise<Report> {
  const report = emptyReport(path, 'archive', size);
  let read;
  try {
    // Only what is checked is held: the bundle, and key files and DID documents of a plausible size.
    read = await readArchive(path, { signal: options.signal, keepContent: (p, size) => p === 'backup' || size <= CHECKED_FILE_BYTES });
  } catch (err) {
    if (err instanceof AppError && err.code === 'cancelled') throw err;
    const data = err instanceof AppError ? err.toData() : { code: 'archive-invalid', message: 'The file cannot be read.' };
    const reason = (err instanceof AppError && err.detail?.reason) || '';
    // A text file or a photo is not an archive "cut short": say what it is not.
    const notOurs = reason === 'not-tar' || reason === 'not-a-file' || reason === 'unknown-format' || reason === 'manifest-missing' || (reason === 'truncated' && !(await beganAsArchive(path)));
    report.problems.push({
      code: notOurs ? 'not-an-archive' : data.code === 'archive-invalid' ? 'archive-structure' : 'unreadable',
      message: notOurs ? NOT_AN_ARCHIVE : data.message,
      ...(err instanceof AppError && typeof err.detail?.path === 'string' ? { path: err.detail.path } : {}),
    });
    return finish(report);
  }
  const m = read.manifest;
  Object.assign(report, { format: m.format, formatVersion: m.formatVersion, createdAt: m.createdAt, appVersion: m.app.version, sourceBox: m.source.box, backupId: manifestLabel(m) });
  const diffs = compareWithManifest(m, read.members);
  const bad = new Map(diffs.map((d) => [d.path, d.problem]));
  report.files = read.members.map((mem) => ({ path: mem.path, size: mem.size, sha256: mem.sha256, ok: !bad.has(mem.path) }));
  for (const d of diffs) {
    if (d.problem === 'missing') report.problems.push({ code: 'missing-file', message: 'The manifest lists this file, but it is not in the archive.', path: d.path });
    else if (d.problem === 'extra') report.problems.push({ code: 'extra-file', message: 'This file is in the archive but not in its manifest.', path: d.path });
    else report.problems.push({ code: 'checksum-mismatch', message: `This file is damaged: its ${d.problem === 'size' ? 'size' : 'checksum'} does not match the manifest.`, path: d.path });
  }
  const belongs = !options.backupId || manifestBelongsTo(m, options.backupId);
  if (!belongs) report.problems.push({ code: 'mnemonic-mismatch', message: 'The words given belong to a different backup.' });
  const contents = new Map(read.members.map((mem) => [mem.path, mem.content]));
  // Format 2: sealed key files are checked as sealed; with the owner's words, opened and checked inside.
  const sealed = new Map(m.formatVersion === 2 ? m.files.filter((f) => f.sealed && !bad.has(f.path)).map((f) => [f.path, f]) : []);
  if (sealed.size) report.keyFilesSealed = true;
  if (sealed.size && options.sealIdentity && belongs) {
    for (const [path, entry] of sealed) {
      const body = contents.get(path);
      if (!body || sealedKeyFileProblem(path, body, entry)) continue;
      try {
        contents.set(path, await openKeyFile(options.sealIdentity, body, path));
        sealed.delete(path);
      } catch (err) {
        report.problems.push({ code: 'pem-invalid', message: err instanceof AppError ? err.message : 'This sealed key file does not open.', path });
      }
    }
  }
  checkContent(report, contents, options, sealed);
  return finish(report);
}

async function inspectFolder(path: string, options: InspectOptions): Promise<Report> {
  const report = emptyReport(path, 'folder', 0);
  let folder;
  try {
    folder = await readBackupFolder(path, { maxEntries: 10_000 });
  } catch (err) {
    const message = err instanceof AppError ? err.message : 'The folder cannot be read.';
    report.problems.push({ code: /entries/.test(message) ? 'too-many-entries' : 'unreadable', message });
    return finish(report);
  }
  report.size = folder.files.reduce((s, f) => s + f.size, 0);
  report.files = folder.files.map((f) => ({ ...f, ok: true }));
  if (folder.backupId) report.backupId = folder.backupId.slice(0, 8);
  else report.problems.push({ code: 'backup-id-shape', message: 'The folder is not named after a backup id (86 characters), as box backup folders are.' });
  if (options.backupId && folder.backupId && options.backupId !== folder.backupId) report.problems.push({ code: 'mnemonic-mismatch', message: 'The words given belong to a different backup.' });
  checkContent(report, folder.contents, options);
  for (const p of report.problems) {
    const f = report.files.find((x) => x.path === p.path);
    if (f && SEVERITY[p.code] !== 'ok') f.ok = false;
  }
  return finish(report);
}

/** Inspects an .idbox archive or a raw box backup folder. Never throws for bad input: it reports. */
export async function inspectPath(path: string, options: InspectOptions = {}): Promise<Report> {
  // lstat first: a device or a FIFO is reported at once, never opened.
  const info = await plainPathKind(path).catch((err: unknown) => (err instanceof AppError ? err : new AppError('permission-denied', 'This path cannot be read.')));
  if (info instanceof AppError) {
    const report = emptyReport(path, 'archive', 0);
    const message = info.code === 'not-found' ? NO_SUCH_PATH : info.message;
    report.problems.push({ code: info.detail?.reason === 'not-a-file' ? 'not-an-archive' : 'unreadable', message });
    return finish(report);
  }
  return info.kind === 'directory' ? inspectFolder(path, options) : inspectArchive(path, info.size, options);
}

