import type { Command } from 'commander';
import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ARCHIVE_FORMAT, ARCHIVE_FORMAT_VERSION, type Manifest } from '../../shared/archive/manifest';
import { isBackupId } from '../../shared/backup-id';
import { AppError } from '../../shared/errors';
import { createCatalog } from '../../services/archive/catalog';
import { readBackupFolder } from '../../services/archive/folder';
import { buildArchive, verifyArchive } from '../../services/archive/format';
import { pullToArchive } from '../../services/archive/pull';
import { WAITING_MESSAGE } from '../../services/box/lock';
import { appVersion, defaultDataDir, PRODUCT_NAME } from '../../services/paths';
import { EXIT, reportFailure } from '../io';
import { STATUS_TEXT } from '../../shared/inspect/report';
import { notRestorableSentence } from '../../shared/inspect/verdict-text';
import { judgeArchiveRead, keepForVerdict, verdictReason } from '../../services/inspect/verdict';
import { withInterrupt } from '../interrupt';
import { createCliProgress, progressMode, quietServiceLogs } from '../progress';
import { summary } from '../summary';
import { formatBytes, formatDuration } from '../../shared/units';
import { volumeContaining } from '../../services/drives/containing';
import { listVolumes } from '../../services/drives/list';
import type { CliContext } from '../context';
import { backupIdFromMnemonicFile } from './mnemonic-file';

/** `idbox pull` and `idbox pack`. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('pull')
    .description('Pull the backup from a box and write one verified .idbox archive into a folder.')
    .requiredOption('--box <url>', 'the box address')
    .option('--mnemonic-file <file>', 'a file with the 24 words (used only to compute the backup id)')
    .option('--backup-id <id>', 'the backup id, instead of the words')
    .requiredOption('--to <dir>', 'the folder (or stick) to write the archive into')
    .option('--json', 'print only JSON on stdout: the result as one object')
    .option('--progress-json', 'print progress on stdout as JSON lines ({"type":"progress",...})')
    .action(async (opts: { box: string; mnemonicFile?: string; backupId?: string; to: string; json?: boolean; progressJson?: boolean }) => {
      quietServiceLogs();
      const progress = createCliProgress(ctx.io, progressMode(ctx.io, opts));
      const started = Date.now();
      try {
        if (Boolean(opts.mnemonicFile) === Boolean(opts.backupId)) throw new AppError('invalid-request', 'Give exactly one of --mnemonic-file or --backup-id.');
        const backupId = opts.backupId ?? (await backupIdFromMnemonicFile(opts.mnemonicFile!)).backupId;
        if (!isBackupId(backupId)) throw new AppError('invalid-request', 'That is not a backup id (86 characters of A-Z, a-z, 0-9, - and _).');
        const destination = resolve(opts.to);
        const removable = volumeContaining(destination, await listVolumes().catch(() => [])) !== null;
        const result = await withInterrupt((signal) =>
          pullToArchive({
            boxUrl: opts.box,
            backupId,
            destination,
            removable,
            appName: PRODUCT_NAME,
            appVersion: appVersion(),
            catalog: createCatalog(defaultDataDir()),
            retention: 10,
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
              archive: result.path,
              backupId,
              files: result.files,
              bytes: result.bytes,
              sha256: result.sha256,
              verified: true,
              complete,
              status: result.verdict.status,
              ...(reasons.length ? { reasons, nextStep: result.notes[0]!.nextStep } : {}),
              ...(result.shrink ? { shrunk: result.shrink } : {}),
              cacheBypassed: result.cacheBypassed,
              seconds: Math.round(seconds * 10) / 10,
            }),
          );
        } else {
          ctx.io.out(
            summary(complete && !result.shrink ? 'Archived and verified.' : reasons[0]!, [
              ['Files', String(result.files)],
              ['Size', formatBytes(result.bytes)],
              ['Duration', formatDuration(seconds)],
              ['Where', result.path],
              // "Verified" means it can bring the identities back; a copy that cannot was only read back intact.
              [complete ? 'Verified' : 'Read back', result.cacheBypassed ? 'yes: read back from the disk itself, every checksum matched' : 'yes: read back, every checksum matched'],
              ['Complete', complete ? 'yes: it can bring back every identity it holds' : `no: ${STATUS_TEXT[result.verdict.status]}`],
              ...result.notes.slice(complete && !result.shrink ? 0 : 1).map((n): [string, string] => ['Note', n.sentence]),
              ...(result.notes.length ? [['Next step', result.notes[0]!.nextStep] as [string, string]] : []),
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
          formatVersion: ARCHIVE_FORMAT_VERSION,
          createdAt: new Date().toISOString(),
          app: { name: PRODUCT_NAME, version: appVersion() },
          source: { box: null },
          backupId,
          files: read.files,
        };
        const out = resolve(opts.output);
        await writeFile(out, await buildArchive(manifest, read.contents), { flag: 'wx' }).catch((err: NodeJS.ErrnoException) => {
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
