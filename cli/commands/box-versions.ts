import type { Command } from 'commander';
import { createBoxClient } from '../../services/box/client';
import { WAITING_MESSAGE } from '../../services/box/lock';
import { formatBytes } from '../../shared/units';
import { terminalValue as tv } from '../../shared/terminal';
import { reportFailure } from '../io';
import type { CliContext } from '../context';
import { backupIdFromOptions } from './mnemonic-file';

/**
 * `idbox box versions`: the replaced copies the box keeps of one backup (backup-service 1.2), each
 * with its number for `idbox pull --version N`.
 */
export function registerVersions(box: Command, ctx: CliContext): void {
  box
    .command('versions')
    .description('List the replaced copies the box keeps of one backup (archive one with "idbox pull --version N").')
    .requiredOption('--box <url>', 'the box address')
    .option('--mnemonic-file <file>', 'a file with the 24 words (used only to compute the backup id)')
    .option('--backup-id <id>', 'the backup id, instead of the words')
    .option('--json', 'print JSON')
    .action(async (opts: { box: string; mnemonicFile?: string; backupId?: string; json?: boolean }) => {
      try {
        const backupId = await backupIdFromOptions(opts);
        const client = createBoxClient(opts.box, {}, { onWaiting: () => ctx.io.err(WAITING_MESSAGE) });
        await client.checkRendezvous();
        const versions = await client.backupVersions(backupId);
        if (opts.json) {
          ctx.io.out(JSON.stringify({ versions }));
          return;
        }
        if (!versions.length) {
          ctx.io.out('The box keeps no replaced copies of this backup (it keeps one each time a restore replaces the backup).');
          return;
        }
        const lines = ['version  replaced                  files  size'];
        for (const v of versions) lines.push(`${String(v.version).padEnd(8)} ${tv(v.replacedAt).padEnd(25)} ${String(v.files).padStart(5)}  ${formatBytes(v.bytes)}`);
        lines.push('', `Archive one with: idbox pull --box ${tv(client.url)} --version N --to DIR (and --mnemonic-file or --backup-id as here)`);
        ctx.io.out(lines.join('\n'));
      } catch (err) {
        ctx.setExit(reportFailure(ctx.io, err, Boolean(opts.json)));
      }
    });
}
