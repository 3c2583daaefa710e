import { mkdir } from 'node:fs/promises';
import { BACKUP_SERVICE, IDENTITY_SERVICE } from '../shared/box-protocol';
import { createBackupService } from './backup-service/service';
import { createIdentityService } from './identity-service';
import { startRendezvous, type RunningRendezvous, type ServiceHandler } from './rendezvous/server';

/**
 * The reference box: rendezvous + box-office routing + identity-service backup methods +
 * backup-service, in one process, on a real IDBOX_BACKUP folder. For tests, the demo box and
 * support training. Listens on 127.0.0.1 unless told otherwise.
 */
export interface ReferenceBoxOptions {
  dataDir: string;
  port?: number;
  host?: string;
  /** Leave the backup-service out, as on a box where it is not installed. */
  withoutBackupService?: boolean;
  /** Registered services that never answer. */
  hangServices?: string[];
  /** Every service call takes at least this long (a slow box). */
  delayMs?: number;
  log?: (line: string) => void;
}

export type ReferenceBox = RunningRendezvous & { dataDir: string };

export async function startReferenceBox(options: ReferenceBoxOptions): Promise<ReferenceBox> {
  await mkdir(options.dataDir, { recursive: true });
  const log = options.log ?? (() => {});
  const services = new Map<string, ServiceHandler>();
  services.set(IDENTITY_SERVICE, createIdentityService(options.dataDir, (l) => log(`[identity-service] ${l}`)).handle);
  if (!options.withoutBackupService) {
    services.set(BACKUP_SERVICE, createBackupService({ root: options.dataDir, log: (l) => log(`[backup-service] ${l}`) }).handle);
  }
  const running = await startRendezvous(
    { services, hangServices: new Set(options.hangServices ?? []), delayMs: options.delayMs, log: (l) => log(`[rendezvous] ${l}`) },
    { port: options.port ?? 0, host: options.host ?? '127.0.0.1' },
  );
  return Object.assign(running, { dataDir: options.dataDir });
}
