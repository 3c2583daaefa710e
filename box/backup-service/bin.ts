#!/usr/bin/env node
import { BACKUP_SERVICE } from '../../shared/box-protocol';
import { runBackupService } from './main';
import { SERVICE_VERSION } from './service';
import { describeSettings, EXIT_CONFIG, readSettings } from './settings';

/**
 * `backup-service start`: the command pm2 runs (ecosystem.config.cjs), like every box service's
 * `<name> start`. The service reads IDBOX_BACKUP, the folder the identity-service writes its
 * backups to ($HOME/backups when unset and that folder exists). IDBOX_SOCKET_ROOT moves the
 * node-ipc sockets out of /tmp/ (tests only). `backup-service check` prints what start would use.
 */
const USAGE = `Usage: backup-service start | check

Runs ${BACKUP_SERVICE} ${SERVICE_VERSION} for the Identity Box Companion: it registers with the
box-office and serves the backup folders in IDBOX_BACKUP (the folder the identity-service uses;
$HOME/backups when IDBOX_BACKUP is not set and that folder exists).
  check   print the folder and settings start would use, and exit
Settings: IDBOX_UPLOAD_IDLE_MINUTES (default 10), IDBOX_VERSIONS_KEPT (default 5).
`;

const [command] = process.argv.slice(2);
if (command === '--version' || command === '-v') {
  process.stdout.write(`${SERVICE_VERSION}\n`);
} else if (command !== 'start' && command !== 'check') {
  process.stdout.write(USAGE);
  process.exitCode = command === undefined || command === '--help' || command === '-h' ? 0 : 2;
} else {
  const settings = readSettings(process.env);
  if ('problem' in settings) {
    process.stderr.write(`[backup-service] ${settings.problem}\n`);
    process.exit(EXIT_CONFIG);
  }
  if (command === 'check') {
    process.stdout.write(describeSettings(settings));
  } else {
    if (settings.source === 'home') process.stderr.write(`[backup-service] IDBOX_BACKUP is not set; using ${settings.backupRoot}, which exists\n`);
    const running = runBackupService(settings);
    process.stderr.write(`[backup-service] ${SERVICE_VERSION} started (Node ${process.version})\n`);
    const stop = () => {
      running.stop();
      process.exit(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  }
}
