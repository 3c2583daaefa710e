// pm2 process file for identity-box.backup-service (the box's own convention: `postinstall` copies
// it into ~/idbox/backup-service, where `pm2 start ecosystem.config.cjs` runs the service).
// IDBOX_BACKUP must be the folder the identity-service writes its backups to: taken from the
// environment, else from the identity-service's own ecosystem file next to this folder, else the
// service itself uses $HOME/backups when that folder exists (`backup-service check` says which).
// Without any of them it says what to set and exits with 78, which pm2 does not restart
// (stop_exit_codes), instead of restarting it in a loop.
const { existsSync } = require('fs');
const { join } = require('path');

function identityServiceBackupFolder() {
  const file = join(__dirname, '..', 'identity-service', 'ecosystem.config.cjs');
  if (!existsSync(file)) return undefined;
  try {
    const apps = require(file).apps || [];
    for (const app of apps) if (app.env && app.env.IDBOX_BACKUP) return app.env.IDBOX_BACKUP;
  } catch {
    // not readable: fall through
  }
  return undefined;
}

const IDBOX_BACKUP = process.env.IDBOX_BACKUP || identityServiceBackupFolder();

module.exports = {
  apps: [
    {
      name: 'backup-service',
      script: './node_modules/.bin/backup-service',
      args: 'start',
      cwd: __dirname,
      env: IDBOX_BACKUP ? { IDBOX_BACKUP } : {},
      stop_exit_codes: [78],
    },
  ],
};
