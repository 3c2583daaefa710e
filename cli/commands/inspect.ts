import type { Command } from 'commander';
import type { Report } from '../../shared/inspect/report';
import { EXIT, reportFailure } from '../io';
import type { CliContext } from '../context';
import { requireExisting } from './existing';

/** `idbox inspect`: full reports (`idbox verify`, the batch check, is ./verify.ts). */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('inspect <paths...>')
    .description('Report whether archives or raw box folders are complete and intact; never shows a secret.')
    .option('--json', 'print a JSON array of reports (the documented report schema)')
    .option('--html', 'print a self-contained HTML report')
    .option('--mnemonic-file <file>', "the owner's 24 words: also check they match and summarise the identities")
    .action(async (paths: string[], opts: { json?: boolean; html?: boolean; mnemonicFile?: string }) => {
      try {
        // Loaded on use: `idbox` starts faster when scripts call it thousands of times.
        const { inspectPath } = await import('../../services/inspect/inspect');
        const { reportToHtml, reportToText, safeReport } = await import('../../shared/inspect/render');
        const { backupIdFromMnemonicFile } = await import('./mnemonic-file');
        const full = await requireExisting(paths);
        const owner = opts.mnemonicFile ? await backupIdFromMnemonicFile(opts.mnemonicFile) : null;
        const reports: Report[] = [];
        const { archivesIn, classifyPath } = await import('../../services/inspect/classify');
        // A folder of .idbox archives (a stick, a backups folder) is inspected as a batch of archives.
        const targets: string[] = [];
        for (const p of full) {
          if ((await classifyPath(p)) === 'archive-folder') targets.push(...(await archivesIn(p)));
          else targets.push(p);
        }
        for (const p of targets) reports.push(await inspectPath(p, owner ? { entropy: owner.entropy, backupId: owner.backupId, sealIdentity: owner.sealIdentity } : {}));
        if (opts.json) ctx.io.out(JSON.stringify(reports.map(safeReport), null, 2));
        else if (opts.html) ctx.io.out(reportToHtml(reports));
        else ctx.io.out(reports.map(reportToText).join('\n\n'));
        ctx.setExit(reports.every((r) => r.status === 'ok' && r.mnemonicMatches !== false) ? EXIT.ok : EXIT.notOk);
      } catch (err) {
        ctx.setExit(reportFailure(ctx.io, err, Boolean(opts.json)));
      }
    });
}
