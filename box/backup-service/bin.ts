#!/usr/bin/env node
import { BACKUP_SERVICE } from '../../shared/box-protocol';
import { runBackupService } from './main';
import { SERVICE_VERSION } from './service';

/**
 * `backup-service start`: the command pm2 runs (ecosystem.config.cjs), like every box service's
 * `<name> start`. The service reads IDBOX_BACKUP, the folder the identity-service writes its
 * backups to. IDBOX_SOCKET_ROOT moves the node-ipc sockets out of /tmp/ (tests only).
 */
const USAGE = `Usage: backup-service start

Runs ${BACKUP_SERVICE} ${SERVICE_VERSION} for the Identity Box Companion: it registers with the
box-office and serves the backup folders in IDBOX_BACKUP (the folder the identity-service uses).
`;

const [command] = process.argv.slice(2);
if (command === '--version' || command === '-v') {
  process.stdout.write(`${SERVICE_VERSION}\n`);
} else if (command !== 'start') {
  process.stdout.write(USAGE);
  process.exitCode = command === undefined || command === '--help' || command === '-h' ? 0 : 2;
} else {
  const backupRoot = process.env.IDBOX_BACKUP;
  if (!backupRoot) {
    process.stderr.write('IDBOX_BACKUP is not set: point it at the same folder the identity-service uses (see ecosystem.config.cjs).\n');
    process.exit(2);
  }
  const socketRoot = process.env.IDBOX_SOCKET_ROOT;
  const running = runBackupService({ backupRoot, ...(socketRoot ? { socketRoot } : {}) });
  process.stderr.write(`[backup-service] ${SERVICE_VERSION} started (Node ${process.version})\n`);
  const stop = () => {
    running.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
