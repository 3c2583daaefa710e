import type { Command } from 'commander';
import { chmod, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { startReferenceBox } from '../../box/reference-box';
import { seedBackup } from '../../box/seed';
import { AppError } from '../../shared/errors';
import { redactId } from '../../shared/redact';
import { boxStatus } from '../../services/box/status';
import { WAITING_MESSAGE } from '../../services/box/lock';
import { EXIT, reportFailure } from '../io';
import { terminalValue as tv } from '../../shared/terminal';
import type { CliContext } from '../context';
import { registerVersions } from './box-versions';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|localhost|::1)$/;

function positiveInt(value: string, name: string, min = 0, max = 1000): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new AppError('invalid-request', `${name} must be a whole number from ${min} to ${max}.`);
  return n;
}

/** `idbox box serve|seed|versions|status`: the reference box on the command line, and what a box keeps. */
export function register(program: Command, ctx: CliContext): void {
  const box = program.command('box').description('Run, seed and check boxes (the reference box is for tests, demos and support training).');

  box
    .command('serve')
    .description('Run the reference box: rendezvous + identity-service backup methods + backup-service, on a data folder.')
    .requiredOption('--data <dir>', 'the IDBOX_BACKUP folder to serve')
    .option('--port <port>', 'port to listen on', '3100')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--allow-lan', 'allow listening on a non-loopback address (reachable from your network)')
    .option('--hang <servicePath...>', 'simulate registered services that never answer')
    .option('--without-backup-service', 'simulate a box without the backup-service')
    .option('--throttle-kbps <n>', 'simulate a slow box: every byte, both ways, at N kilobytes per second')
    .action(async (opts: { data: string; port: string; host: string; allowLan?: boolean; hang?: string[]; withoutBackupService?: boolean; throttleKbps?: string }) => {
      try {
        if (!LOOPBACK.test(opts.host) && !opts.allowLan) {
          throw new AppError('invalid-request', `Refusing to listen on ${opts.host}: add --allow-lan if you really want the reference box reachable from your network.`);
        }
        if (!LOOPBACK.test(opts.host)) ctx.io.err(`Warning: the reference box is listening on ${opts.host} and can be reached from your network.`);
        const port = positiveInt(opts.port, '--port', 0, 65535);
        const running = await startReferenceBox({
          dataDir: resolve(opts.data),
          port,
          host: opts.host,
          hangServices: opts.hang,
          withoutBackupService: opts.withoutBackupService,
          throttleKbps: opts.throttleKbps === undefined ? undefined : positiveInt(opts.throttleKbps, '--throttle-kbps', 1, 1_000_000),
          log: (line) => ctx.io.err(line),
        }).catch((err: NodeJS.ErrnoException) => {
          if (err.code !== 'EADDRINUSE') throw err;
          throw new AppError('invalid-request', `Port ${port} on ${opts.host} is already taken by another program (perhaps a box that is still running). Choose another port with --port, for example --port ${port === 65535 ? 3101 : port + 1}.`);
        });
        ctx.io.out(`Reference box listening at ${running.url} (data: ${resolve(opts.data)}). Press Ctrl+C to stop.`);
        await new Promise<void>((done) => {
          const stop = () => void running.close().then(done);
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
      } catch (err) {
        ctx.setExit(reportFailure(ctx.io, err, false));
      }
    });

  box
    .command('seed')
    .description('Write one backup folder as the IdApp and box would, and its 24 words into a file.')
    .requiredOption('--data <dir>', 'the IDBOX_BACKUP folder to write into')
    .requiredOption('--identities <n>', 'number of own identities')
    .option('--peers <m>', 'number of peers', '0')
    .option('--legacy <n>', 'also add N identities made before Oct 2019: key files named after display names with accents, emoji, CJK', '0')
    .requiredOption('--mnemonic-out <file>', 'where to write the 24 words (one line, mode 0600)')
    .option('--json', 'print a JSON summary')
    .action(async (opts: { data: string; identities: string; peers: string; legacy: string; mnemonicOut: string; json?: boolean }) => {
      try {
        const seeded = await seedBackup(resolve(opts.data), {
          identities: positiveInt(opts.identities, '--identities', 1, 100),
          peers: positiveInt(opts.peers, '--peers', 0, 10_000),
          legacy: positiveInt(opts.legacy, '--legacy', 0, 100),
        });
        await writeFile(opts.mnemonicOut, `${seeded.mnemonic}\n`, { mode: 0o600 });
        await chmod(opts.mnemonicOut, 0o600);
        const summary = { backupIdPrefix: redactId(seeded.backupId), folder: seeded.folder, identities: seeded.displayNames, peers: seeded.peers };
        ctx.io.out(opts.json ? JSON.stringify(summary) : `Seeded backup ${summary.backupIdPrefix} with ${summary.identities.length} identities and ${summary.peers} peers in ${seeded.folder}; words written to ${opts.mnemonicOut}.`);
      } catch (err) {
        ctx.setExit(reportFailure(ctx.io, err, Boolean(opts.json)));
      }
    });

  registerVersions(box, ctx);

  box
    .command('status')
    .description('Is the box reachable, which versions does it run, is the backup-service installed, how many backups?')
    .requiredOption('--box <url>', 'the box address, e.g. http://192.168.1.28:3100')
    .option('--json', 'print JSON')
    .action(async (opts: { box: string; json?: boolean }) => {
      const status = await boxStatus(opts.box, { onWaiting: () => ctx.io.err(WAITING_MESSAGE) });
      if (opts.json) ctx.io.out(JSON.stringify(status, null, 2));
      else {
        const lines = [
          `Box:              ${tv(status.url)}`,
          `Reachable:        ${status.reachable ? `yes (rendezvous ${tv(status.rendezvousVersion)})` : 'no'}`,
          `Identity service: ${status.identityService ? tv(status.identityService.version) : status.identityProblem ? 'not answering' : '-'}`,
          `Backup service:   ${status.backupService ? (status.backupService.installed ? `installed (${tv(status.backupService.version)}, format ${status.backupService.formatVersion})` : 'not installed') : '-'}`,
          `Backups on box:   ${status.backupService?.count ?? '-'}${status.backupService?.newest ? ` (newest ${tv(status.backupService.newest)})` : ''}`,
        ];
        if (status.problem) lines.push('', tv(status.problem.message));
        else if (status.backupService?.installed) lines.push('', 'Archiving is possible.');
        if (status.identityProblem) {
          lines.push(`${tv(status.identityProblem.message)} Archiving does not need it, but a restore on the phone does.`);
        }
        ctx.io.out(lines.join('\n'));
      }
      if (status.problem) ctx.setExit(EXIT.box);
    });
}
