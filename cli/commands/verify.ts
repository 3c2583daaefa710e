import type { Command } from 'commander';
import { STATUS_TEXT } from '../../shared/inspect/status';
import { plural } from '../../shared/plural';
import { shortenIds } from '../../shared/redact';
import { terminalValue as v } from '../../shared/terminal';
import { formatBytes } from '../../shared/units';
import type { VerifyLine } from '../../services/inspect/verify';
import type { Skipped } from '../../services/inspect/walk';
import { EXIT, reportFailure } from '../io';
import type { CliContext } from '../context';
import { requireExisting } from './existing';

/** What the walk did not look at, in sentences (never passed over in silence). */
function skippedSentences(s: Skipped): string[] {
  const out: string[] = [];
  if (s.unreadableFolderCount) out.push(`${plural(s.unreadableFolderCount, 'folder')} could not be read (access refused or the disk stopped answering), so archives in ${s.unreadableFolderCount === 1 ? 'it' : 'them'} were not checked: ${s.unreadableFolders.map((f) => `"${shortenIds(f)}"`).join(', ')}${s.unreadableFolderCount > s.unreadableFolders.length ? ', …' : ''}.`);
  if (s.tooDeep) out.push(`${plural(s.tooDeep, 'folder')} more than 32 levels deep ${s.tooDeep === 1 ? 'was' : 'were'} not looked into; give ${s.tooDeep === 1 ? 'it' : 'them'} as a path of ${s.tooDeep === 1 ? 'its' : 'their'} own.`);
  if (s.stoppedAtLimit) out.push('The folders hold more than 2,000,000 entries: the check stopped there. Give fewer folders at a time.');
  if (s.folderLinks) out.push(`${plural(s.folderLinks, 'link')} to a folder ${s.folderLinks === 1 ? 'was' : 'were'} not followed (a link can lead back to a folder already checked); give the folder itself to check it.`);
  return out;
}

/** `idbox verify`: the fast batch check of many archives, one line each in path order, and a summary. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('verify <paths...>')
    .description('Fast integrity check of many archives: one line each and a summary. Exit 0 only if all are ok.')
    .option('-r, --recursive', 'look into sub-folders')
    .option('--json', 'one JSON object per line, then a summary object')
    .option('-j, --jobs <n>', 'threads checking archives at once (default: one per core, from 3,000 archives on)')
    .option('--record', "record each outcome in the app's catalog (archives it already knows), as the app's own checks do")
    .action(async (paths: string[], opts: { recursive?: boolean; json?: boolean; jobs?: string; record?: boolean }) => {
      let full: string[];
      try {
        full = await requireExisting(paths);
      } catch (err) {
        ctx.setExit(reportFailure(ctx.io, err, Boolean(opts.json)));
        return;
      }
      // Loaded on use, and only what the check needs (no schema library, no cipher).
      const { archiveEntries, defaultThreads, HELPERS_FROM, verifyMany } = await import('../../services/inspect/verify');
      const { newSkipped, noneSkipped } = await import('../../services/inspect/walk');
      const outcomes: VerifyLine[] = [];
      const threads = opts.jobs === undefined ? defaultThreads() : Math.max(1, Math.min(64, Math.floor(Number(opts.jobs)) || 1));
      let ok = 0;
      let bad = 0;
      let bytes = 0;
      const started = Date.now();
      const skipped = newSkipped();
      const stats = { threads: 1 };
      // Lines come in path order (the same on every run), each run of them printed in one write.
      for await (const lines of verifyMany(archiveEntries(full, Boolean(opts.recursive), skipped), threads, stats, opts.jobs === undefined ? HELPERS_FROM : 0)) {
        const text: string[] = [];
        for (const line of lines) {
          bytes += line.bytes ?? 0;
          if (line.ok) ok++;
          else bad++;
          if (opts.record) outcomes.push(line);
          // Printed paths never carry a full backup id (a folder named after one is shortened, as inspect does).
          const shown = { ...line, path: shortenIds(line.path), reason: line.reason && shortenIds(line.reason) };
          if (opts.json) text.push(JSON.stringify(shown));
          // The status in inspect's own words: the two commands never disagree about one file.
          else text.push(shown.ok ? `OK   ${v(shown.path)}` : `BAD  ${v(shown.path)}: ${STATUS_TEXT[shown.status]}. ${v(shown.reason)}`);
        }
        ctx.io.out(text.join('\n'));
      }
      const seconds = (Date.now() - started) / 1000;
      let recorded: number | undefined;
      if (opts.record) {
        const { recordOutcomes } = await import('../../services/copies/record');
        const { createCatalog } = await import('../../services/archive/catalog');
        const { defaultDataDir } = await import('../../services/paths');
        recorded = await recordOutcomes(createCatalog(defaultDataDir()), outcomes);
      }
      // Anything left out (a folder not readable, too deep, a link not followed) means "not all checked": never exit 0 on it.
      const notChecked = skipped.unreadableFolderCount > 0 || skipped.folderLinks > 0 || skipped.tooDeep > 0 || skipped.stoppedAtLimit;
      const summary = { archives: ok + bad, ok, notOk: bad, bytes, seconds, threads: stats.threads, ...(recorded === undefined ? {} : { recorded }), ...(noneSkipped(skipped) ? {} : { skipped }) };
      if (opts.json) ctx.io.out(JSON.stringify({ summary }));
      else ctx.io.out(`${plural(ok + bad, 'archive')}: ${ok} ok, ${bad} not ok (${formatBytes(bytes)} in ${seconds.toFixed(2)} s)`);
      if (!opts.json && recorded !== undefined) ctx.io.out(`Recorded in the catalog: ${recorded} of ${ok + bad} (the others are not archives this app made or knows).`);
      for (const sentence of skippedSentences(skipped)) ctx.io.err(`idbox: ${sentence}`);
      ctx.setExit(ok + bad === 0 && !notChecked ? EXIT.usage : bad || notChecked ? EXIT.notOk : EXIT.ok);
      if (ok + bad === 0 && !notChecked) ctx.io.err('idbox: no archive found at the given paths.');
    });
}
