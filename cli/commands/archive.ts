import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ARCHIVE_FORMAT, type Manifest } from '../../shared/archive/manifest';
import { isBackupId } from '../../shared/backup-id';
import { AppError } from '../../shared/errors';
import { createCatalog } from '../../services/archive/catalog';
import { readBackupFolder } from '../../services/archive/folder';
import { buildArchive, verifyArchive } from '../../services/archive/format';
import { pullToArchive } from '../../services/archive/pull';
import { readRetention, rememberedRecipientAnyBox } from '../../services/archive/settings';
import { WAITING_MESSAGE } from '../../services/box/lock';
import { appVersion, defaultDataDir, PRODUCT_NAME } from '../../services/paths';
import { EXIT, reportFailure } from '../io';
import { STATUS_TEXT } from '../../shared/inspect/report';
import { notRestorableSentence } from '../../shared/inspect/verdict-text';
import { judgeArchiveRead, keepForVerdict, verdictReason } from '../../services/inspect/verdict';
import { withInterrupt } from '../interrupt';
import { paceSeedsFor } from '../pace';
import { createCliProgress, progressMode, quietServiceLogs } from '../progress';
import { summary } from '../summary';
import { plural } from '../../shared/plural';
import { formatBytes, formatDuration } from '../../shared/units';
import { volumeContaining } from '../../services/drives/containing';
import { listVolumes } from '../../services/drives/list';
import type { CliContext } from '../context';
import { backupIdFromMnemonicFile, keptVersion } from './mnemonic-file';
import { backupFingerprint } from '../../shared/archive/fingerprint';
import { shortenIds } from '../../shared/redact';

/** `--keep N`: how many archives of a backup a folder keeps, as the app's setting allows (1 to 1000). */
function keepCount(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < 1 || n > 1000) throw new AppError('invalid-request', '--keep takes a whole number from 1 to 1000 (how many archives of this backup to keep in that folder).');
  return n;
}

const retiredLine = (retired: number, keep: number) =>
  `${retired === 0 ? 'none' : `${plural(retired, 'older archive')} of this backup`} (this folder keeps ${keep})`;

/** `idbox pull` and `idbox pack`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('pull')
    .description('Pull the backup from a box and write one verified .idbox archive into a folder.')
    .requiredOption('--box <url>', 'the box address')
    .option('--mnemonic-file <file>', 'a file with the 24 words (used only to compute the backup id)')
    .option('--backup-id <id>', 'the backup id, instead of the words')
    .requiredOption('--to <dir>', 'the folder (or stick) to write the archive into')
    .option('--version <n>', 'a replaced copy the box keeps (see idbox box versions), instead of the current one')
    .option('--json', 'print only JSON on stdout: the result as one object')
    .option('--progress-json', 'print progress on stdout as JSON lines ({"type":"progress",...})')
    .option('--keep <n>', "archives of this backup to keep in that folder, 1 to 1000 (default: the app's retention setting)")
    .action(async (opts: { box: string; mnemonicFile?: string; backupId?: string; to: string; version?: string; json?: boolean; progressJson?: boolean; keep?: string }) => {
      quietServiceLogs();
      const progress = createCliProgress(ctx.io, progressMode(ctx.io, opts), undefined, await paceSeedsFor(opts.box));
      const started = Date.now();
      try {
        if (Boolean(opts.mnemonicFile) === Boolean(opts.backupId)) throw new AppError('invalid-request', 'Give exactly one of --mnemonic-file or --backup-id.');
        const words = opts.mnemonicFile ? await backupIdFromMnemonicFile(opts.mnemonicFile) : null;
        const backupId = words?.backupId ?? opts.backupId!;
        if (!isBackupId(backupId)) throw new AppError('invalid-request', 'That is not a backup id (86 characters of A-Z, a-z, 0-9, - and _).');
        // Sealed to the words (format 2); with only an id, to the recipient the app remembers for it, else format 1.
        const recipient = words?.recipient ?? (await rememberedRecipientAnyBox(defaultDataDir(), backupId));
        if (!recipient && !opts.json && !opts.progressJson) {
          ctx.io.err('Writing format 1: without the words (--mnemonic-file) the key files cannot be sealed, so this archive is readable by anyone who finds it.');
        }
        const version = opts.version === undefined ? undefined : keptVersion(opts.version);
        const keep = opts.keep === undefined ? await readRetention(defaultDataDir()) : keepCount(opts.keep);
        const destination = resolve(opts.to);
        const volumes = await listVolumes().catch(() => []);
        const removable = volumeContaining(destination, volumes) !== null;
        const catalog = createCatalog(defaultDataDir());
        await catalog.adoptUnrecorded([destination]);
        const result = await withInterrupt((signal) =>
          pullToArchive({
            boxUrl: opts.box,
            backupId,
            recipient,
            destination,
            removable,
            volumes,
            appName: PRODUCT_NAME,
            appVersion: appVersion(),
            catalog,
            retention: keep,
            ...(version ? { version } : {}),
            signal,
            onProgress: (stage, done, total) => progress.onProgress(stage, done, total),
            onWaiting: () => progress.note(WAITING_MESSAGE),
          }),
        );
        progress.finish();
        const seconds = (Date.now() - started) / 1000;
        // A copy that cannot bring every identity back, or holds fewer than the last complete one, is
        // kept (every byte the box had) but the command says so and exits 1.
        const complete = result.verdict.status === 'ok';
        const reasons = result.notes.map((n) => n.sentence);
        if (opts.json || opts.progressJson) {
          ctx.io.out(
            JSON.stringify({
              ...(opts.progressJson ? { type: 'result' } : {}),
              archive: shortenIds(result.path),
              backupFingerprint: backupFingerprint(backupId),
              formatVersion: result.formatVersion,
              files: result.files,
              bytes: result.bytes,
              sha256: result.sha256,
              verified: true,
              complete,
              status: result.verdict.status,
              ...(reasons.length ? { reasons, nextStep: result.notes[0]!.nextStep } : {}),
              ...(result.shrink ? { shrunk: result.shrink } : {}),
              cacheBypassed: result.cacheBypassed,
              retired: result.removedOld.length,
              keep,
              seconds: Math.round(seconds * 10) / 10,
            }),
          );
        } else {
          ctx.io.out(
            summary(complete && !result.shrink ? 'Archived and verified.' : reasons[0]!, [
              ['Files', String(result.files)],
              ['Size', formatBytes(result.bytes)],
              ['Duration', formatDuration(seconds)],
              ['Where', shortenIds(result.path)],
              ['Format', result.formatVersion === 2 ? '2: key files sealed to the owner\'s words' : '1: key files NOT sealed (readable by anyone who finds it)'],
              // "Verified" means it can bring the identities back; a copy that cannot was only read back intact.
              [complete ? 'Verified' : 'Read back', result.cacheBypassed ? 'yes: read back from the disk itself, every checksum matched' : 'yes: read back, every checksum matched'],
              ['Complete', complete ? 'yes: it can bring back every identity it holds' : `no: ${STATUS_TEXT[result.verdict.status]}`],
              ...result.notes.slice(complete && !result.shrink ? 0 : 1).map((n): [string, string] => ['Note', n.sentence]),
              ...(result.notes.length ? [['Next step', result.notes[0]!.nextStep] as [string, string]] : []),
              ['Retired', retiredLine(result.removedOld.length, keep)],
            ]),
          );
        }
        if (!complete || result.shrink) ctx.setExit(EXIT.notOk);
      } catch (err) {
        progress.finish();
        ctx.setExit(reportFailure(ctx.io, err, Boolean(opts.json || opts.progressJson)));
      }
    });

  program
    .command('pack <folder>')
    .description('Turn a raw box backup folder (copied off a box by hand) into a verified .idbox archive.')
    .requiredOption('-o, --output <file>', 'the archive to write (must not exist)')
    .option('--backup-id <id>', 'the backup id, when the folder is not named after it')
    .option('--json', 'print JSON')
    .action(async (folder: string, opts: { output: string; backupId?: string; json?: boolean }) => {
      try {
        const read = await readBackupFolder(resolve(folder));
        const backupId = opts.backupId ?? read.backupId;
        if (!backupId || !isBackupId(backupId)) throw new AppError('invalid-request', 'The folder is not named after a backup id: pass --backup-id.');
        if (!read.files.some((f) => f.path === 'backup')) throw new AppError('archive-invalid', 'This folder has no "backup" file, so it is not a complete box backup.');
        if (read.refused.length) {
          const first = read.refused[0]!;
          throw new AppError('file-not-carried', `${first.path} cannot go into an archive: its name is not allowed (${first.reason}).${read.refused.length > 1 ? ` ${read.refused.length - 1} more file(s) too.` : ''} Nothing was written; rename it, then pack again.`);
        }
        const manifest: Manifest = {
          format: ARCHIVE_FORMAT,
          formatVersion: 1,
          createdAt: new Date().toISOString(),
          app: { name: PRODUCT_NAME, version: appVersion() },
          source: { box: null },
          backupId,
          files: read.files,
        };
        const out = resolve(opts.output);
        await writeFile(out, await buildArchive(manifest, read.contents), { flag: 'wx', mode: 0o600 }).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST') throw new AppError('invalid-request', `${out} already exists; archives are never overwritten.`);
          throw err;
        });
        const verified = await verifyArchive(out, { keepContent: keepForVerdict });
        if (read.ignored.length) ctx.io.err(`Ignored ${read.ignored.length} entr${read.ignored.length === 1 ? 'y' : 'ies'} that do not belong in a backup folder: ${read.ignored.slice(0, 5).join(', ')}`);
        const verdict = judgeArchiveRead(verified);
        const complete = verdict.status === 'ok';
        const reason = complete ? null : notRestorableSentence(verdict.status, verdictReason(verdict)).replace("your box's backup", 'this backup');
        ctx.io.out(
          opts.json
            ? JSON.stringify({ archive: out, files: read.files.length, bytes: verified.archiveSize, sha256: verified.archiveSha256, verified: true, complete, status: verdict.status, ...(reason ? { reasons: [reason] } : {}) })
            : reason
              ? `${out}\n${reason}`
              : out,
        );
        if (!complete) ctx.setExit(EXIT.notOk);
      } catch (err) {
        ctx.setExit(reportFailure(ctx.io, err, Boolean(opts.json)));
      }
    });
}
