import { stat } from 'node:fs/promises';
import { toErrorData } from '../../shared/errors';
import type { Catalog } from '../archive/catalog';
import { listArchives } from '../archive/handlers';
import type { Volume } from '../drives/parse';
import { createLogger } from '../log';
import { movedOnto, volumeFor } from './places';
import { checkCopies, type CheckTarget } from './verify';

const log = createLogger('scrub');

/** Archives re-read per stick on one plug-in (a support stick with thousands is not walked whole). */
const SCRUB_LIMIT = 200;

export interface ScrubSummary {
  label: string;
  checked: number;
  failed: number;
  skipped: number;
  /** Read back intact, but the backup inside cannot bring every identity back. */
  notRestorable: number;
  /** The stick went away before every copy was checked. */
  interrupted: boolean;
}

export interface ScrubDeps {
  catalog: Catalog;
  /** The volumes right now (to tell a removed stick from a failing one). */
  volumes(): Promise<Volume[]>;
  /** Pause between two archives: gentle on a slow stick and on the machine. */
  pauseMs?: number;
  demoBackupId?(): Promise<string | null>;
  /** Which unknown archives may be added to the catalog (the person's backups only). */
  adoptable?(): Promise<((backupRef: string) => boolean) & { knownIds?: readonly string[] }>;
  onDone(summary: ScrubSummary): void;
}

const key = (v: Volume) => `${v.id}|${v.mountPoint}`;

/** The archives on one stick: what the catalog knows there, plus what a scan of its top folder finds. */
export async function archivesOn(volume: Volume, catalog: Catalog, volumes: Volume[]): Promise<CheckTarget[]> {
  const targets = new Map<string, CheckTarget>();
  // The same stick mounted at another path than when it was written: its entries follow it first.
  const moves = await movedOnto(volume, await catalog.list());
  if (moves.length) await catalog.recordSeen(moves).catch(() => undefined);
  for (const entry of await catalog.list()) {
    if (entry.gone) continue;
    if (volumeFor(entry.directory, volumes)?.mountPoint === volume.mountPoint) {
      targets.set(entry.path, { path: entry.path, backupRef: entry.backupRef, createdAt: entry.createdAt, removable: true });
    }
  }
  for (const found of (await listArchives(volume.mountPoint).catch(() => [])).slice(0, SCRUB_LIMIT)) {
    if (!targets.has(found.path)) targets.set(found.path, { path: found.path, backupRef: null, createdAt: found.modifiedAt, removable: true });
  }
  const present = await Promise.all([...targets.values()].map(async (t) => ((await stat(t.path).catch(() => null))?.isFile() ? t : null)));
  return present.filter((t): t is CheckTarget => t !== null).slice(0, SCRUB_LIMIT);
}

/**
 * Scrub: archives are re-read, not trusted. When a stick with archives is plugged in (or is
 * plugged in when the app starts), every archive on it is read back in the background, the
 * newest of each backup first, and the outcome recorded in the catalog. Unplugging the stick
 * cancels its scrub; a copy that went away mid-check is never flagged.
 */
export function createScrub(deps: ScrubDeps) {
  const running = new Map<string, { controller: AbortController; done: Promise<void> }>();
  let known = new Set<string>();

  async function scrub(volume: Volume, signal: AbortSignal): Promise<void> {
    const volumes = await deps.volumes();
    const targets = await archivesOn(volume, deps.catalog, volumes);
    if (!targets.length || signal.aborted) return;
    log.info(`re-reading ${targets.length} archive(s) on ${volume.label}`);
    const stillThere = async () => !signal.aborted && (await deps.volumes()).some((v) => key(v) === key(volume));
    try {
      const demoBackupId = (await deps.demoBackupId?.()) ?? null;
      const adoptable = await deps.adoptable?.();
      const totals = await checkCopies(targets, { catalog: deps.catalog, signal, stillThere, pauseMs: deps.pauseMs ?? 250, demoBackupId, adoptable, knownIds: adoptable?.knownIds, volumes });
      deps.onDone({ label: volume.label, ...totals, interrupted: totals.skipped > 0 });
    } catch (err) {
      if (toErrorData(err).code !== 'cancelled') log.warn(`scrub of ${volume.label} stopped: ${toErrorData(err).code}`);
      else log.info(`scrub of ${volume.label} cancelled: the stick went away`);
    }
  }

  return {
    /** Called with every volume list; never rejects. */
    onVolumes(volumes: Volume[]): void {
      const current = new Set(volumes.map(key));
      for (const [k, run] of running) if (!current.has(k)) run.controller.abort();
      for (const volume of volumes) {
        const k = key(volume);
        if (known.has(k) || running.has(k)) continue;
        const controller = new AbortController();
        const done = scrub(volume, controller.signal)
          .catch(() => undefined)
          .finally(() => running.delete(k));
        running.set(k, { controller, done });
      }
      known = current;
    },
    /** Resolves when every scrub started so far has ended (tests, shutdown). */
    idle: async () => {
      while (running.size) await Promise.all([...running.values()].map((r) => r.done));
    },
    stop(): void {
      for (const run of running.values()) run.controller.abort();
    },
  };
}

export type Scrub = ReturnType<typeof createScrub>;
