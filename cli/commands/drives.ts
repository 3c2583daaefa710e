import type { Command } from 'commander';
import { listVolumes } from '../../services/drives/list';
import { terminalValue as tv } from '../../shared/terminal';
import type { CliContext } from '../context';

const gb = (n: number | null) => (n === null ? '?' : `${(n / 1e9).toFixed(1)} GB`);

/** `idbox drives`: the removable volumes as the app sees them. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('drives')
    .description('List removable, mounted volumes (USB sticks, SD cards) as the app offers them.')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const volumes = await listVolumes();
      if (opts.json) return ctx.io.out(JSON.stringify(volumes, null, 2));
      if (!volumes.length) return ctx.io.out('No USB stick or SD card is plugged in (system and internal disks are never listed).');
      for (const v of volumes) {
        ctx.io.out(`${tv(v.label)}\t${tv(v.mountPoint)}\t${tv(v.filesystem ?? '?')}\t${gb(v.free)} free of ${gb(v.size)}\t${v.writable ? 'writable' : 'READ-ONLY'}`);
      }
    });
}
