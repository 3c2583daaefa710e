import { AppError } from '../../shared/errors';
import { shortenIds } from '../../shared/redact';
import { REPORT_VERSION, type Report } from '../../shared/inspect/report';
import { readBackupFolder } from '../archive/folder';
import { compareWithManifest, readArchive } from '../archive/format';
import { plainPathKind } from '../archive/plain-path';
import { beganAsArchive } from './classify';
import { manifestBelongsTo, manifestLabel } from '../../shared/archive/manifest';
import { openKeyFile } from '../archive/seal';
import { sealedKeyFileProblem } from './sealed';
import { openBundleIdentities } from '../../shared/bundle';
import { judgeArchiveRead, judgeContent, keepForVerdict, NOT_AN_ARCHIVE, NOT_OURS_REASONS, sealedMembers, SEVERITY, statusOf, type ContentJudgement, type OwnerWords } from './verdict';

/** The owner's words, when given, as the verdict takes them (with the bundle's opener). */
const ownerWords = (options: { entropy?: Uint8Array }): OwnerWords | undefined => (options.entropy ? { entropy: options.entropy, open: openBundleIdentities } : undefined);

export const NO_SUCH_PATH = 'No file or folder at this path.';
export { NOT_AN_ARCHIVE };

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

/** Sets the status from the problems, and shortens any backup id in a path or message (a raw box folder is named by its full id). */
function finish(report: Report): Report {
  report.path = shortenIds(report.path);
  for (const p of report.problems) {
    p.message = shortenIds(p.message);
    if (p.path) p.path = shortenIds(p.path);
  }
  report.status = statusOf(report.problems);
  return report;
}

/** The verdict's findings, written into the report. */
function applyJudgement(report: Report, judged: ContentJudgement): void {
  report.problems.push(...judged.problems);
  report.pems = judged.pems;
  report.didDocuments = judged.counts.didDocuments;
  if (judged.identities) report.identities = judged.identities;
  if (judged.mnemonicMatches !== undefined) report.mnemonicMatches = judged.mnemonicMatches;
}

async function inspectArchive(path: string, size: number, options: InspectOptions): Promise<Report> {
  const report = emptyReport(path, 'archive', size);
  let read;
  try {
    // Only what is checked is held: the bundle, and key files and DID documents of a plausible size.
    read = await readArchive(path, { signal: options.signal, keepContent: (p, size) => p === 'backup' || keepForVerdict(p, size) });
  } catch (err) {
    if (err instanceof AppError && err.code === 'cancelled') throw err;
    const data = err instanceof AppError ? err.toData() : { code: 'archive-invalid', message: 'The file cannot be read.' };
    const reason = (err instanceof AppError && err.detail?.reason) || '';
    // A text file or a photo is not an archive "cut short": say what it is not.
    const notOurs = NOT_OURS_REASONS.has(String(reason)) || (reason === 'truncated' && !(await beganAsArchive(path)));
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
  const bad = new Set(diffs.map((d) => d.path));
  report.files = read.members.map((mem) => ({ path: mem.path, size: mem.size, sha256: mem.sha256, ok: !bad.has(mem.path) }));
  const belongs = !options.backupId || manifestBelongsTo(m, options.backupId);
  if (!belongs) report.problems.push({ code: 'mnemonic-mismatch', message: 'The words given belong to a different backup.' });
  // Format 2: sealed key files are judged as sealed; with the owner's words, opened and checked inside.
  const sealed = sealedMembers(read, diffs);
  if (sealed.size) report.keyFilesSealed = true;
  const opened = new Map<string, Buffer>();
  if (sealed.size && options.sealIdentity && belongs) {
    const contents = new Map(read.members.map((mem) => [mem.path, mem.content]));
    for (const [path, entry] of sealed) {
      const body = contents.get(path);
      if (!body || sealedKeyFileProblem(path, body, entry)) continue;
      try {
        opened.set(path, await openKeyFile(options.sealIdentity, body, path));
      } catch (err) {
        report.problems.push({ code: 'pem-invalid', message: err instanceof AppError ? err.message : 'This sealed key file does not open.', path });
      }
    }
  }
  // The bundle was hashed and checked: the words check may open it inside its own bytes (no copy of its size).
  applyJudgement(report, judgeArchiveRead(read, { words: ownerWords(options), opened, consumeBundle: true, diffs }));
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
  for (const r of folder.refused) {
    report.problems.push({ code: 'name-not-carried', message: `This file's name is not allowed in a backup (${r.reason}), so no archive can carry it.`, path: r.path });
  }
  applyJudgement(report, judgeContent({ paths: folder.files.map((f) => f.path), content: (p) => folder.contents.get(p), words: ownerWords(options) }));
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

