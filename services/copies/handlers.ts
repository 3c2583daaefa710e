import type { copiesCalls } from '../../shared/contract/copies';
import type { Handlers } from '../../shared/contract/dispatch';
import { distinctPlaceLabels, summarizeCopies } from '../../shared/copies/model';
import { NOT_RESTORABLE_NEXT_STEP } from '../../shared/inspect/verdict-text';
import { backupRef, createCatalog } from '../archive/catalog';
import { createSettings } from '../archive/settings';
import { readDemoBackupId } from '../box/demo';
import type { ServiceDeps } from '../deps';
import type { Volume } from '../drives/parse';
import { listVolumes } from '../drives/list';
import { createClaims } from './claims';
import { gatherCopies, rememberedIds, type GatherDeps } from './gather';
import { createSchedule } from './schedule';
import { createScrub, type ScrubSummary } from './scrub';
import { progressReporter } from '../box/waiting';
import { checkCopies } from './verify';
import { boxCheckInterval, watchBoxes, type Seen } from './watch-box';

export type CopiesHandlers = Pick<Handlers, keyof typeof copiesCalls>;

export function scrubMessage(s: ScrubSummary): string {
  const copies = (n: number) => `${n} ${n === 1 ? 'copy' : 'copies'}`;
  if (s.failed) return `${copies(s.failed)} on ${s.label} failed ${s.failed === 1 ? 'its' : 'their'} check: make a fresh archive on it, or use another stick.`;
  if (s.notRestorable) return `${copies(s.notRestorable)} on ${s.label} ${s.notRestorable === 1 ? 'is' : 'are'} incomplete or damaged: ${s.notRestorable === 1 ? 'it cannot' : 'they cannot'} bring all your identities back. ${NOT_RESTORABLE_NEXT_STEP}`;
  if (s.interrupted) return `${s.label} was removed before every copy on it was checked.`;
  return `Checked ${copies(s.checked)} on ${s.label}: all read back intact.`;
}

/** Why copies could not be reached, one sentence per place: "2 copies on KINGSTON: it is not plugged in." */
export function unreachableReasons(copies: { attached: boolean; place: { label: string; kind: 'stick' | 'folder' } }[]): { count: number; reason: string }[] {
  const byPlace = new Map<string, { count: number; kind: 'stick' | 'folder' }>();
  for (const c of copies) {
    if (c.attached) continue;
    const p = byPlace.get(c.place.label) ?? { count: 0, kind: c.place.kind };
    p.count += 1;
    byPlace.set(c.place.label, p);
  }
  return [...byPlace].map(([label, { count, kind }]) => ({
    count,
    reason: `${count} ${count === 1 ? 'copy' : 'copies'} ${kind === 'stick' ? `on ${label}: it is not plugged in.` : `in ${label}: the disk that held this folder is not connected.`}`.slice(0, 300),
  }));
}

/**
 * The copies handlers, the scrub that re-reads a stick's archives when it is plugged in, the
 * optional folder schedule, and the watch that follows each remembered box's backup.
 * `onVolumes` is fed by the drives watcher (one watcher for the whole app).
 */
export function copiesHandlers(
  deps: ServiceDeps,
  options: { volumes?: () => Promise<Volume[]>; scrubPauseMs?: number; scheduleCheckMs?: number; demoUrl?: () => string | null } = {},
) {
  const catalog = createCatalog(deps.dataDir);
  const settings = createSettings(deps.dataDir, deps.secrets);
  const claims = createClaims(deps.dataDir);
  const volumes = options.volumes ?? (() => listVolumes());
  const boxSeen: Seen = new Map();
  const gatherDeps: GatherDeps = {
    catalog,
    settings,
    claims,
    volumes,
    demoBackupId: () => readDemoBackupId(deps.dataDir),
    demoUrl: options.demoUrl,
    onBoxDigest: (ref, value) => boxSeen.set(ref, value),
  };
  /** The person's backups: remembered, claimed, or the demo. */
  const adoptable = async () => {
    const [remembered, c, demoId] = await Promise.all([rememberedIds(settings), claims.load(), gatherDeps.demoBackupId()]);
    const mine = new Set([...remembered.map((r) => backupRef(r.backupId)), ...c.mine, ...(demoId ? [backupRef(demoId)] : [])]);
    return Object.assign((ref: string) => mine.has(ref), { knownIds: remembered.map((r) => r.backupId) });
  };
  const scrub = createScrub({
    catalog,
    volumes,
    pauseMs: options.scrubPauseMs,
    demoBackupId: gatherDeps.demoBackupId,
    adoptable,
    onDone: (summary) => deps.emit('copies.changed', { reason: 'scrub', message: scrubMessage(summary) }),
  });
  deps.onDispose(() => scrub.stop());
  const schedule = createSchedule({
    dataDir: deps.dataDir,
    appName: deps.appName,
    appVersion: deps.appVersion,
    settings,
    catalog,
    volumes,
    onResult: (message) => deps.emit('copies.changed', { reason: 'archive', message }),
  });
  const timer = setInterval(() => void schedule.tick(), options.scheduleCheckMs ?? 10 * 60 * 1000);
  timer.unref?.();
  void schedule.tick();
  deps.onDispose(() => clearInterval(timer));
  const boxWatch = watchBoxes({
    settings,
    seen: boxSeen,
    demo: async () => ({ backupId: await gatherDeps.demoBackupId(), url: options.demoUrl?.() ?? null }),
    intervalMs: () => boxCheckInterval(settings),
    onChange: () => deps.emit('copies.changed', { reason: 'box', message: null }),
  });
  boxWatch.start();
  deps.onDispose(() => boxWatch.stop());

  const handlers: CopiesHandlers = {
    'copies.list': async (_req, ctx) => {
      const { staleDays } = await settings.load();
      const view = summarizeCopies(await gatherCopies({ ...gatherDeps, onWaiting: progressReporter(ctx).waiting }, staleDays));
      return { ...view, staleDays, checkedAt: new Date().toISOString() };
    },
    'copies.verifyAll': async (_req, ctx) => {
      // Looking the copies up first retires the ones deleted from a volume that is present.
      const input = await gatherCopies({ ...gatherDeps, boxDigest: async () => 'unknown', onBoxDigest: undefined }, 30);
      const targets = input.copies.filter((c) => c.attached).map((c) => ({ path: c.path, backupRef: c.backupRef, createdAt: c.createdAt, removable: c.place.kind === 'stick' }));
      const progress = (done: number) => {
        if (ctx.operationId) ctx.emit('operation.progress', { operationId: ctx.operationId, stage: 'verifying', done, total: targets.length });
      };
      progress(0);
      const demoBackupId = await gatherDeps.demoBackupId();
      const mineNow = await adoptable();
      const totals = await checkCopies(targets, { catalog, signal: ctx.signal, demoBackupId, adoptable: mineNow, knownIds: mineNow.knownIds, volumes: await volumes(), onProgress: (done) => progress(done) });
      const gone = (await catalog.list()).filter((e) => e.gone && (mineNow(e.backupRef) || e.demo)).length;
      deps.emit('copies.changed', { reason: 'scrub', message: null });
      const places = new Set(input.copies.filter((c) => c.attached).map((c) => c.place.id)).size;
      return { ...totals, places, gone, unreachable: unreachableReasons(distinctPlaceLabels(input.copies)) };
    },
    'copies.settings': async (req) => {
      const s =
        req.staleDays === undefined && req.scheduleHours === undefined && req.boxCheckMinutes === undefined
          ? await settings.load()
          : await settings.update((x) => {
              if (req.staleDays !== undefined) x.staleDays = req.staleDays;
              if (req.scheduleHours !== undefined) x.scheduleHours = req.scheduleHours;
              if (req.boxCheckMinutes !== undefined) x.boxCheckMinutes = req.boxCheckMinutes;
            });
      if (req.scheduleHours !== undefined) void schedule.tick();
      return { staleDays: s.staleDays, scheduleHours: s.scheduleHours, boxCheckMinutes: s.boxCheckMinutes };
    },
    'copies.claim': async (req) => {
      await claims.claim(req.backupRef);
      deps.emit('copies.changed', { reason: 'drives', message: null });
      return { claimed: true };
    },
    'copies.forgetSeen': async (req) => {
      await claims.forget(req.backupRef);
      let forgotten = 0;
      for (const e of await catalog.list()) if (e.backupRef === req.backupRef && (await catalog.forget(e.path))) forgotten += 1;
      deps.emit('copies.changed', { reason: 'drives', message: null });
      return { forgotten };
    },
  };
  return { handlers, onVolumes: (list: Volume[]) => scrub.onVolumes(list), scrub, boxWatch };
}
