import { backupRef } from '../archive/catalog';
import type { SettingsStore } from '../archive/settings';
import { createBoxClient, type BoxDigest } from '../box/client';
import { toErrorData } from '../../shared/errors';
import { createLogger } from '../log';
import { rememberedIds } from './gather';

const log = createLogger('box-watch');
const MINUTE_MS = 60_000;
/** Longest backoff for an unreachable box: 16 intervals. */
const MAX_BACKOFF = 16;

/**
 * What the box said last about one backup, as the view shows it: its digest, 'not-found', or
 * 'unknown' (the view could not ask it); absent until the view or the watch first asked.
 */
export type Seen = Map<string, string>;
export const seenValue = (reply: BoxDigest): string | null => (reply === 'unknown' ? null : 'notFound' in reply ? 'not-found' : reply.digest);

export interface BoxWatchDeps {
  settings: SettingsStore;
  /** What the view last showed per backup (copies.list writes it too): a change is told against it. */
  seen: Seen;
  /** The demo backup's id and where the demo box runs now (null: not running, not asked). */
  demo(): Promise<{ backupId: string | null; url: string | null }>;
  /** Milliseconds between two looks (the setting, or a test's short interval). */
  intervalMs(): Promise<number>;
  onChange(): void;
  /** One `backup-digest` call; must never wait for another program holding the box. */
  digest?(boxUrl: string, backupId: string): Promise<BoxDigest>;
}

/** One small call, briefly timed, that gives up at once when another program holds the box. */
export const askOnce = (boxUrl: string, backupId: string) =>
  createBoxClient(boxUrl, { connectMs: 3_000, firstReplyMs: 3_000, replyMs: 10_000 }, { maxLockWaitMs: 0 }).backupDigest(backupId);

/**
 * The view follows the box: while the app runs, each remembered box is asked for its backup's
 * digest once per interval (a setting, a few minutes by default). A change from what the view last
 * showed is told (copies.changed), so Home, Copies and the tray say "Box changed since your last
 * copy" within one interval. A box another program is using is not asked that time; an unreachable
 * one is asked less and less often (up to every 16 intervals) until it answers again.
 */
export function watchBoxes(deps: BoxWatchDeps) {
  const ask = deps.digest ?? askOnce;
  const failures = new Map<string, number>();
  const skipUntil = new Map<string, number>();
  let tick = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;

  async function look(): Promise<boolean> {
    tick += 1;
    let changed = false;
    const demo = await deps.demo();
    for (const { url, backupId } of await rememberedIds(deps.settings)) {
      const isDemo = backupId === demo.backupId;
      const boxUrl = isDemo ? demo.url : url;
      if (!boxUrl || (skipUntil.get(boxUrl) ?? 0) > tick) continue;
      const ref = backupRef(backupId);
      try {
        const now = seenValue(await ask(boxUrl, backupId));
        failures.delete(boxUrl);
        if (now === null) continue;
        const before = deps.seen.get(ref);
        deps.seen.set(ref, now);
        if (before !== undefined && before !== now) changed = true;
      } catch (err) {
        const code = toErrorData(err).code;
        if (code === 'box-busy') continue; // another program is using it: ask next time, not meanwhile
        const n = Math.min((failures.get(boxUrl) ?? 0) + 1, 5);
        failures.set(boxUrl, n);
        const skip = Math.min(2 ** (n - 1), MAX_BACKOFF);
        skipUntil.set(boxUrl, tick + 1 + skip);
        log.info(`box not reachable for its digest (${code}); not asked for the next ${skip} interval(s)`);
      }
    }
    if (changed) deps.onChange();
    return changed;
  }

  async function schedule(): Promise<void> {
    if (stopped) return;
    const ms = await deps.intervalMs().catch(() => 5 * MINUTE_MS);
    timer = setTimeout(() => {
      void look()
        .catch((err: unknown) => log.warn(`could not ask the boxes: ${toErrorData(err).code}`))
        .finally(() => void schedule());
    }, ms);
    timer.unref?.();
  }

  return {
    start: () => void schedule(),
    /** One look now (tests); true when a change was told. */
    look,
    stop(): void {
      stopped = true;
      if (timer) clearTimeout(timer);
    },
  };
}

/** The interval: the setting in minutes, or (tests only, with IDBOX_TEST_HOOKS=1) IDBOX_BOX_CHECK_MS. */
export async function boxCheckInterval(settings: SettingsStore, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const hook = Number(env.IDBOX_BOX_CHECK_MS);
  if (env.IDBOX_TEST_HOOKS === '1' && Number.isFinite(hook) && hook >= 100) return hook;
  return (await settings.load()).boxCheckMinutes * MINUTE_MS;
}
