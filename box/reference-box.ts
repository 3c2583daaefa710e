import { mkdir } from 'node:fs/promises';
import { BACKUP_SERVICE, IDENTITY_SERVICE } from '../shared/box-protocol';
import { createBackupService, type BackupServiceOptions } from './backup-service/service';
import { createIdentityService } from './identity-service';
import { startRendezvous, type RunningRendezvous, type ServiceHandler } from './rendezvous/server';
import { startThrottleProxy } from './throttle';

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
  /** A slow link: every byte, both ways, at no more than this many kilobytes (1000 bytes) per second. */
  throttleKbps?: number;
  log?: (line: string) => void;
  /** Passed to the backup-service (tests: a clock, smaller limits). */
  backupService?: Omit<BackupServiceOptions, 'root' | 'log'>;
}

export type ReferenceBox = RunningRendezvous & { dataDir: string; /** Throttled boxes only: the link's new speed. */ setThrottleKbps?: (kbps: number) => void };

export async function startReferenceBox(options: ReferenceBoxOptions): Promise<ReferenceBox> {
  await mkdir(options.dataDir, { recursive: true });
  const log = options.log ?? (() => {});
  const services = new Map<string, ServiceHandler>();
  services.set(IDENTITY_SERVICE, createIdentityService(options.dataDir, (l) => log(`[identity-service] ${l}`)).handle);
  if (!options.withoutBackupService) {
    services.set(BACKUP_SERVICE, createBackupService({ ...options.backupService, root: options.dataDir, log: (l) => log(`[backup-service] ${l}`) }).handle);
  }
  const host = options.host ?? '127.0.0.1';
  const kbps = options.throttleKbps ?? 0;
  const throttled = kbps > 0;
  const running = await startRendezvous(
    { services, hangServices: new Set(options.hangServices ?? []), delayMs: options.delayMs, log: (l) => log(`[rendezvous] ${l}`) },
    // Throttled: the rendezvous itself sits on a free loopback port behind the slow link.
    throttled ? { port: 0, host: '127.0.0.1' } : { port: options.port ?? 0, host },
  );
  if (!throttled) return Object.assign(running, { dataDir: options.dataDir });
  const proxy = await startThrottleProxy({ host: '127.0.0.1', port: running.port }, { port: options.port ?? 0, host }, kbps * 1000).catch(
    async (err: unknown) => {
      await running.close();
      throw err;
    },
  );
  log(`[throttle] ${kbps} KB/s each way`);
  const closeInner = running.close;
  const hostForUrl = host.includes(':') ? `[${host}]` : host;
  return Object.assign(running, {
    dataDir: options.dataDir,
    url: `http://${hostForUrl}:${proxy.port}`,
    port: proxy.port,
    setThrottleKbps: (value: number) => proxy.setRate(value * 1000),
    close: async () => {
      await proxy.close();
      await closeInner();
    },
  });
}
