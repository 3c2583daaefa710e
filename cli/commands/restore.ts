import { boxFiles, manifestBelongsTo } from '../../shared/archive/manifest';
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { identitiesWithoutFiles } from '../../shared/inspect/identities';
import { AppError } from '../../shared/errors';
import { WAITING_MESSAGE } from '../../services/box/lock';
import { loadArchive, openArchiveBundle, restoreToBox } from '../../services/restore/restore';
import { reportFailure } from '../io';
import { withInterrupt } from '../interrupt';
import { paceSeedsFor } from '../pace';
import { createCliProgress, progressMode, quietServiceLogs } from '../progress';
import { summary as summaryLines } from '../summary';
import { formatBytes, formatDuration } from '../../shared/units';
import { terminalValue as tv } from '../../shared/terminal';
import type { CliContext } from '../context';
import { backupIdFromMnemonicFile } from './mnemonic-file';

/** `idbox restore`: the same checks as the app, in the same order, then upload and read-back. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('restore <archive>')
    .description('Put an archive back on a box after a reset, once the 24 words are proven to match it.')
    .requiredOption('--box <url>', 'the box address')
    .requiredOption('--mnemonic-file <file>', 'a file with the 24 words')
    .option('--replace', 'replace a different copy of this backup already on the box')
    .option('--json', 'print only JSON on stdout: the result as one object')
    .option('--progress-json', 'print progress on stdout as JSON lines ({"type":"progress",...})')
    .action(async (archivePath: string, opts: { box: string; mnemonicFile: string; replace?: boolean; json?: boolean; progressJson?: boolean }) => {
      quietServiceLogs();
      const progress = createCliProgress(ctx.io, progressMode(ctx.io, opts), undefined, await paceSeedsFor(opts.box));
      const started = Date.now();
      const json = Boolean(opts.json || opts.progressJson);
      try {
        // 1. the words themselves (checksum)
        const { backupId, entropy, sealIdentity } = await backupIdFromMnemonicFile(opts.mnemonicFile);
        // 2. the archive is intact
        const path = resolve(archivePath);
        const archive = await loadArchive(path);
        // 3. the words belong to this archive, and open its bundle
        if (!manifestBelongsTo(archive.manifest, backupId)) {
          throw new AppError('mnemonic-mismatch', 'These words belong to a different backup than this archive. Nothing was sent to the box.');
        }
        // The bundle is read once from the archive and opened inside its own bytes, then let go before the upload.
        const { summary, identities } = await openArchiveBundle(path, archive, entropy);
        // The verdict with the words, as the restore screen checks it: each identity has its key file and DID document.
        const lacking = identitiesWithoutFiles(identities, archive.members.map((m) => m.path));
        if (lacking.length) {
          throw new AppError('archive-incomplete', `This archive has no key file or DID document for ${lacking.map((l) => `"${tv(l.name)}"`).join(', ')}, so it cannot bring ${lacking.length === 1 ? 'that identity' : 'those identities'} back and is not restored. Use another copy.`);
        }
        if (!json) ctx.io.err(`The words match. The archive holds ${summary.own} identit${summary.own === 1 ? 'y' : 'ies'} (${summary.names.map((n) => tv(n)).join(', ')}) and ${summary.peers} peer(s).`);
        // 4. the box
        const result = await withInterrupt((signal) =>
          restoreToBox({
            archivePath: path,
            archive,
            boxUrl: opts.box,
            backupId,
            sealIdentity,
            replace: Boolean(opts.replace),
            signal,
            onProgress: (stage, done, total) => progress.onProgress(stage, done, total),
            onWaiting: () => progress.note(WAITING_MESSAGE),
          }),
        );
        progress.finish();
        const seconds = (Date.now() - started) / 1000;
        const bytes = boxFiles(archive.manifest).reduce((sum, f) => sum + f.size, 0);
        if (json) {
          ctx.io.out(JSON.stringify({ ...(opts.progressJson ? { type: 'result' } : {}), ok: true, ...result, bytes, seconds: Math.round(seconds * 10) / 10, identities: summary }));
        } else {
          ctx.io.out(
            result.outcome === 'already-there'
              ? `The box at ${result.boxUrl} already has this exact backup; nothing needed to change.`
              : summaryLines('Restored and verified.', [
                  ['Files', String(result.files)],
                  ['Size', formatBytes(bytes)],
                  ['Duration', formatDuration(seconds)],
                  ['Where', result.boxUrl],
                  ['Verified', 'yes: read back from the box, every checksum matched'],
                ]),
          );
          ctx.io.out('Next, on the phone: open the IdApp (after its reset), scan the box, choose "Restore from backup..." and enter the same 24 words.');
        }
      } catch (err) {
        progress.finish();
        ctx.setExit(reportFailure(ctx.io, err, json));
      }
    });
}
