import type { Command } from 'commander';
import { lstat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { STATUS_TEXT, type Report } from '../../shared/inspect/report';
import type { VerifyLine } from '../../services/inspect/verify';
import { plural } from '../../shared/plural';
import { shortenIds } from '../../shared/redact';
import { terminalValue as v } from '../../shared/terminal';
import { formatBytes } from '../../shared/units';
import { EXIT, reportFailure } from '../io';
import type { CliContext } from '../context';

/**
 * A path that is not there is a typing mistake (or a stick not plugged in), not a damaged archive:
 * one sentence and the next step, exit 2, before any work, instead of a report about nothing.
 */
async function requireExisting(paths: string[]): Promise<string[]> {
  const full = paths.map((p) => resolve(p));
  const missing: string[] = [];
  for (const p of full) if (!(await lstat(p).catch(() => null))) missing.push(p);
  if (missing.length === 0) return full;
  // Paths are named with any backup id in them shortened, as in every report.
  const first = shortenIds(missing[0]!);
  const named = missing.length === 1 ? `"${first}"` : `${missing.length} of the paths ("${first}", …)`;
  throw new AppError('invalid-request', `There is no file or folder at ${named}. Check the path (is the stick plugged in?) and try again.`);
}

/** `idbox inspect` (full reports) and `idbox verify` (fast integrity of many archives). */
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

  program
    .command('verify <paths...>')
    .description('Fast integrity check of many archives: one line each and a summary. Exit 0 only if all are ok.')
    .option('-r, --recursive', 'look into sub-folders')
    .option('--json', 'one JSON object per line, then a summary object')
    .option('-j, --jobs <n>', 'archives checked at once', '32')
    .option('--record', "record each outcome in the app's catalog (archives it already knows), as the app's own checks do")
    .action(async (paths: string[], opts: { recursive?: boolean; json?: boolean; jobs: string; record?: boolean }) => {
      let full: string[];
      try {
        full = await requireExisting(paths);
      } catch (err) {
        ctx.setExit(reportFailure(ctx.io, err, Boolean(opts.json)));
        return;
      }
      const { archivePaths, verifyMany } = await import('../../services/inspect/verify');
      const outcomes: VerifyLine[] = [];
      const jobs = Math.max(1, Math.min(256, Number(opts.jobs) || 32));
      let ok = 0;
      let bad = 0;
      let bytes = 0;
      const started = Date.now();
      // Checked in parallel, so they finish in any order: printed sorted by path, the same on every run.
      const lines = [];
      for await (const line of verifyMany(archivePaths(full, Boolean(opts.recursive)), jobs)) {
        bytes += line.bytes;
        if (line.ok) ok++;
        else bad++;
        if (opts.record) outcomes.push(line);
        lines.push(line);
      }
      lines.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
      for (const line of lines) {
        // Printed paths never carry a full backup id (a folder named after one is shortened, as inspect does).
        const shown = { ...line, path: shortenIds(line.path), reason: line.reason && shortenIds(line.reason) };
        if (opts.json) ctx.io.out(JSON.stringify(shown));
        // The status in inspect's own words: the two commands never disagree about one file.
        else ctx.io.out(shown.ok ? `OK   ${v(shown.path)}` : `BAD  ${v(shown.path)}: ${STATUS_TEXT[shown.status]}. ${v(shown.reason)}`);
      }
      const seconds = (Date.now() - started) / 1000;
      let recorded: number | undefined;
      if (opts.record) {
        const { recordOutcomes } = await import('../../services/copies/record');
        const { createCatalog } = await import('../../services/archive/catalog');
        const { defaultDataDir } = await import('../../services/paths');
        recorded = await recordOutcomes(createCatalog(defaultDataDir()), outcomes);
      }
      const summary = { archives: ok + bad, ok, notOk: bad, bytes, seconds, ...(recorded === undefined ? {} : { recorded }) };
      if (opts.json) ctx.io.out(JSON.stringify({ summary }));
      else ctx.io.out(`${plural(ok + bad, 'archive')}: ${ok} ok, ${bad} not ok (${formatBytes(bytes)} in ${seconds.toFixed(2)} s)`);
      if (!opts.json && recorded !== undefined) ctx.io.out(`Recorded in the catalog: ${recorded} of ${ok + bad} (the others are not archives this app made or knows).`);
      ctx.setExit(ok + bad === 0 ? EXIT.usage : bad ? EXIT.notOk : EXIT.ok);
      if (ok + bad === 0) ctx.io.err('idbox: no archive found at the given paths.');
    });
}
