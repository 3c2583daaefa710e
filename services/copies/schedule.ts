import { stat } from 'node:fs/promises';
import { toErrorData } from '../../shared/errors';
import { backupRef, type Catalog } from '../archive/catalog';
import { pullToArchive } from '../archive/pull';
import type { SettingsStore } from '../archive/settings';
import { readDemoBackupId } from '../box/demo';
import { createBoxClient, type BoxDigest } from '../box/client';
import { volumeContaining, volumeRecord } from '../drives/containing';
import { identifyVolume } from '../drives/identity';
import type { Volume } from '../drives/parse';
import { createLogger } from '../log';

const log = createLogger('schedule');
const HOUR_MS = 60 * 60 * 1000;

export interface ScheduleDeps {
  dataDir: string;
  appName: string;
  appVersion: string;
  settings: SettingsStore;
  catalog: Catalog;
  /** The removable volumes now: folders on a stick are left to plug-in archiving; only folders on this computer are scheduled. */
  volumes(): Promise<Volume[]>;
  onResult(message: string): void;
  boxDigest?(boxUrl: string, backupId: string): Promise<BoxDigest>;
  now?(): number;
}

/**
 * The optional schedule: while the app runs, every N hours (a setting, off by default), each
 * remembered backup is pulled into each folder on this computer that already holds archives of
 * it, but only when no intact archive there has the box's digest (whatever its date). Never the demo.
 */
export function createSchedule(deps: ScheduleDeps) {
  let lastRun: number | null = null;
  let running: Promise<string[]> | null = null;
  const now = deps.now ?? Date.now;

  async function pullWhereChanged(): Promise<string[]> {
    const settings = await deps.settings.load();
    const entries = await deps.catalog.list();
    const demoId = await readDemoBackupId(deps.dataDir);
    const written: string[] = [];
    for (const boxUrl of Object.keys(settings.remembered)) {
      const backupId = await deps.settings.rememberedBackupId(boxUrl).catch(() => null);
      if (!backupId || backupId === demoId) continue;
      const ref = backupRef(backupId);
      const folders = [...new Set(entries.filter((e) => e.backupRef === ref && !e.removable && !e.demo).map((e) => e.directory))];
      if (!folders.length) continue;
      const reply = await (deps.boxDigest ?? ((u, id) => createBoxClient(u).backupDigest(id)))(boxUrl, backupId).catch(() => 'unknown' as const);
      if (reply === 'unknown' || 'notFound' in reply) continue;
      const volumes = await deps.volumes();
      for (const folder of folders) {
        if (volumeContaining(folder, volumes)) continue;
        const here = entries.filter((e) => e.backupRef === ref && e.directory === folder && !e.gone);
        // Any intact archive there with the box's digest will do, whatever its date: "the newest by
        // date" may be one made while the clock was ahead, and would be compared forever.
        const same = here.filter((e) => e.digest === reply.digest && !e.lastFailure);
        if ((await Promise.all(same.map((e) => stat(e.path).then((s) => s.isFile(), () => false)))).includes(true)) continue;
        // The folder must still be on the disk it was on: an external disk that is not mounted leaves
        // its mount point as an empty folder on the system disk, and nothing is written there.
        const was = here.find((e) => e.volume)?.volume;
        const now = volumeRecord(folder, volumes, await identifyVolume(folder));
        if (was && now?.id !== was.id) {
          log.info('a remembered folder is not on its disk now; skipped');
          deps.onResult(`The scheduled copy to ${folder} was skipped: the disk that held this folder is not connected. Connect it; the next scheduled run copies to it.`);
          continue;
        }
        try {
          const recipient = await deps.settings.rememberedRecipient(boxUrl, backupId);
          const result = await pullToArchive({ boxUrl, backupId, recipient, destination: folder, appName: deps.appName, appVersion: deps.appVersion, catalog: deps.catalog, retention: settings.retention, announced: reply, volumes });
          written.push(result.path);
          const note = result.notes[0];
          // A copy that cannot bring every identity back, or holds fewer than before, is never announced as a good one.
          deps.onResult(note ? `A scheduled copy was written to ${folder}. ${note.sentence} ${note.nextStep}` : `Your box's backup changed: a fresh verified copy was written to ${folder} on schedule.`);
        } catch (err) {
          log.warn(`scheduled copy failed: ${toErrorData(err).code}`);
          deps.onResult(`The scheduled copy to ${folder} did not work: ${toErrorData(err).message}`);
        }
      }
    }
    return written;
  }

  return {
    /** Runs when the schedule is on and due; returns the archives written. Never rejects. */
    async tick(): Promise<string[]> {
      if (running) return running;
      const { scheduleHours } = await deps.settings.load().catch(() => ({ scheduleHours: null }));
      // A last run "in the future" (the clock went back since) is bounded by now: the schedule does not stall.
      if (lastRun !== null) lastRun = Math.min(lastRun, now());
      if (scheduleHours === null || (lastRun !== null && now() - lastRun < scheduleHours * HOUR_MS)) return [];
      lastRun = now();
      running = pullWhereChanged()
        .catch(() => [])
        .finally(() => (running = null));
      return running;
    },
  };
}
