import type { copiesCalls } from '../../shared/contract/copies';
import type { Handlers } from '../../shared/contract/dispatch';
import { summarizeCopies } from '../../shared/copies/model';
import { createCatalog } from '../archive/catalog';
import { createSettings } from '../archive/settings';
import { readDemoBackupId } from '../box/demo';
import type { ServiceDeps } from '../deps';
import type { Volume } from '../drives/parse';
import { listVolumes } from '../drives/list';
import { gatherCopies, volumeFor, type GatherDeps } from './gather';
import { createSchedule } from './schedule';
import { createScrub, type ScrubSummary } from './scrub';
import { checkCopies } from './verify';

export type CopiesHandlers = Pick<Handlers, keyof typeof copiesCalls>;

export function scrubMessage(s: ScrubSummary): string {
  const copies = (n: number) => `${n} ${n === 1 ? 'copy' : 'copies'}`;
  if (s.failed) return `${copies(s.failed)} on ${s.label} failed ${s.failed === 1 ? 'its' : 'their'} check: make a fresh archive on it, or use another stick.`;
  if (s.interrupted) return `${s.label} was removed before every copy on it was checked.`;
  return `Checked ${copies(s.checked)} on ${s.label}: all read back intact.`;
}

/**
 * The copies handlers, and the scrub that re-reads a stick's archives when it is plugged in.
 * `onVolumes` is fed by the drives watcher (one watcher for the whole app).
 */
export function copiesHandlers(
  deps: ServiceDeps,
  options: { volumes?: () => Promise<Volume[]>; scrubPauseMs?: number; scheduleCheckMs?: number; demoUrl?: () => string | null } = {},
) {
  const catalog = createCatalog(deps.dataDir);
  const settings = createSettings(deps.dataDir, deps.secrets);
  const volumes = options.volumes ?? (() => listVolumes());
  const gatherDeps: GatherDeps = { catalog, settings, volumes, demoBackupId: () => readDemoBackupId(deps.dataDir), demoUrl: options.demoUrl };
  const scrub = createScrub({
    catalog,
    volumes,
    pauseMs: options.scrubPauseMs,
    demoBackupId: gatherDeps.demoBackupId,
    onDone: (summary) => deps.emit('copies.changed', { reason: 'scrub', message: scrubMessage(summary) }),
  });
  deps.onDispose(() => scrub.stop());
  const schedule = createSchedule({
    dataDir: deps.dataDir,
    appName: deps.appName,
    appVersion: deps.appVersion,
    settings,
    catalog,
    onStick: async (dir) => volumeFor(dir, await volumes()) !== null,
    onResult: (message) => deps.emit('copies.changed', { reason: 'archive', message }),
  });
  const timer = setInterval(() => void schedule.tick(), options.scheduleCheckMs ?? 10 * 60 * 1000);
  timer.unref?.();
  void schedule.tick();
  deps.onDispose(() => clearInterval(timer));

  async function everyReachableCopy() {
    const input = await gatherCopies({ ...gatherDeps, boxDigest: async () => 'unknown' }, 30);
    return input.copies.filter((c) => c.attached).map((c) => ({ path: c.path, backupRef: c.backupRef, createdAt: c.createdAt, removable: c.place.kind === 'stick' }));
  }

  const handlers: CopiesHandlers = {
    'copies.list': async () => {
      const { staleDays } = await settings.load();
      const view = summarizeCopies(await gatherCopies(gatherDeps, staleDays));
      return { ...view, staleDays, checkedAt: new Date().toISOString() };
    },
    'copies.verifyAll': async (_req, ctx) => {
      const targets = await everyReachableCopy();
      const progress = (done: number) => {
        if (ctx.operationId) ctx.emit('operation.progress', { operationId: ctx.operationId, stage: 'verifying', done, total: targets.length });
      };
      progress(0);
      const demoBackupId = await gatherDeps.demoBackupId();
      const totals = await checkCopies(targets, { catalog, signal: ctx.signal, demoBackupId, onProgress: (done) => progress(done) });
      deps.emit('copies.changed', { reason: 'scrub', message: null });
      return totals;
    },
    'copies.settings': async (req) => {
      const s =
        req.staleDays === undefined && req.scheduleHours === undefined
          ? await settings.load()
          : await settings.update((x) => {
              if (req.staleDays !== undefined) x.staleDays = req.staleDays;
              if (req.scheduleHours !== undefined) x.scheduleHours = req.scheduleHours;
            });
      if (req.scheduleHours !== undefined) void schedule.tick();
      return { staleDays: s.staleDays, scheduleHours: s.scheduleHours };
    },
  };
  return { handlers, onVolumes: (list: Volume[]) => scrub.onVolumes(list), scrub };
}
