import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * What `backup-service start` runs with, from its environment (pm2 passes ecosystem.config.cjs's
 * env): the backup folder and the two settings. One function, so `backup-service check` prints
 * exactly what `start` would use.
 */
export interface StartSettings {
  backupRoot: string;
  /** How the folder was found, for the log. */
  source: 'IDBOX_BACKUP' | 'home';
  idleMinutes: number;
  versionsKept: number;
  socketRoot?: string;
}

/** Exit status for a setting that is missing: pm2's ecosystem lists it in stop_exit_codes, so pm2 does not restart in a loop. */
export const EXIT_CONFIG = 78;

function positive(name: string, value: string | undefined, fallback: number, max: number): number | string {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0 || n > max) return `${name} must be a number from 1 to ${max} (it is "${value.slice(0, 40)}").`;
  return n;
}

/** The settings, or one sentence saying what to set. */
export function readSettings(env: NodeJS.ProcessEnv): StartSettings | { problem: string } {
  let backupRoot = env.IDBOX_BACKUP;
  let source: StartSettings['source'] = 'IDBOX_BACKUP';
  if (!backupRoot) {
    // The box's setup guide has owners `export IDBOX_BACKUP=$HOME/backups` in their login profile,
    // which pm2 started elsewhere does not read: that folder is the one the identity-service uses.
    const home = env.HOME ? join(env.HOME, 'backups') : null;
    if (!home || !existsSync(home) || !statSync(home).isDirectory()) {
      return { problem: `IDBOX_BACKUP is not set and ${home ?? '$HOME/backups'} does not exist: set IDBOX_BACKUP in ecosystem.config.cjs to the folder the identity-service keeps its backups in, then run pm2 start ecosystem.config.cjs again.` };
    }
    backupRoot = home;
    source = 'home';
  }
  const idleMinutes = positive('IDBOX_UPLOAD_IDLE_MINUTES', env.IDBOX_UPLOAD_IDLE_MINUTES, 10, 24 * 60);
  if (typeof idleMinutes === 'string') return { problem: idleMinutes };
  const versionsKept = positive('IDBOX_VERSIONS_KEPT', env.IDBOX_VERSIONS_KEPT, 5, 1000);
  if (typeof versionsKept === 'string') return { problem: versionsKept };
  return { backupRoot, source, idleMinutes, versionsKept: Math.floor(versionsKept), ...(env.IDBOX_SOCKET_ROOT ? { socketRoot: env.IDBOX_SOCKET_ROOT } : {}) };
}

export function describeSettings(s: StartSettings): string {
  const from = s.source === 'IDBOX_BACKUP' ? 'from IDBOX_BACKUP' : 'IDBOX_BACKUP is not set; using $HOME/backups, which exists';
  return `backup folder: ${s.backupRoot} (${from})\nunfinished uploads expire after ${s.idleMinutes} minute(s) without a call\nreplaced copies kept per backup: ${s.versionsKept}\n`;
}
