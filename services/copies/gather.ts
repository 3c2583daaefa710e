import { stat } from 'node:fs/promises';
import { basename, relative, isAbsolute } from 'node:path';
import { backupDigest } from '../../shared/backup-digest';
import type { BoxDigestState, CopiesInput, CopyInput, Place } from '../../shared/copies/model';
import { backupRef, type Catalog, type CatalogEntry } from '../archive/catalog';
import { listArchives } from '../archive/handlers';
import type { SettingsStore } from '../archive/settings';
import { createBoxClient, type BoxDigest } from '../box/client';
import type { Volume } from '../drives/parse';
import { createLogger } from '../log';
import { readManifest } from './manifest';

const log = createLogger('copies');

/** Archives looked at per place in one scan: a stick with thousands (support staff) is not walked whole. */
const SCAN_LIMIT = 200;
/** The box is asked briefly (and not waited for while another program uses it): an unreachable or busy box makes the state "unknown", it does not hold the screen up. */
const DIGEST_TIMEOUTS = { connectMs: 3_000, firstReplyMs: 3_000, replyMs: 15_000 };

export interface GatherDeps {
  catalog: Catalog;
  settings: SettingsStore;
  volumes(): Promise<Volume[]>;
  /** The demo backup's id, when the demo box was ever started (its archives are demo archives). */
  demoBackupId(): Promise<string | null>;
  /** The demo box's address while it runs: its remembered address changes on every start. */
  demoUrl?(): string | null;
  /** Asks a box for one backup's digest (tests may pass their own). */
  boxDigest?(boxUrl: string, backupId: string): Promise<BoxDigest>;
  now?(): Date;
}

const inside = (dir: string, root: string) => {
  const rel = relative(root, dir);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

export function volumeFor(directory: string, volumes: Volume[]): Volume | null {
  return volumes.filter((v) => inside(directory, v.mountPoint)).sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0] ?? null;
}

const stickPlace = (v: Volume): Place => ({ id: `vol:${v.id}`, label: v.label, kind: 'stick' });

/** Where a folder is: its disk (two folders on one disk are one place), else its path. */
async function folderPlace(directory: string): Promise<Place> {
  const info = await stat(directory).catch(() => null);
  return { id: info ? `dev:${info.dev}` : `dir:${directory}`, label: basename(directory) || directory, kind: 'folder' };
}

async function askBox(deps: GatherDeps, boxUrl: string, backupId: string): Promise<BoxDigestState> {
  const checkedAt = (deps.now?.() ?? new Date()).toISOString();
  try {
    const reply = deps.boxDigest ? await deps.boxDigest(boxUrl, backupId) : await createBoxClient(boxUrl, DIGEST_TIMEOUTS, { maxLockWaitMs: 5_000 }).backupDigest(backupId);
    if (reply === 'unknown') return 'unknown';
    return 'notFound' in reply ? { notFound: true, checkedAt } : { digest: reply.digest, checkedAt };
  } catch (err) {
    log.info(`box digest not available: ${(err as { code?: string }).code ?? 'error'}`);
    return 'unknown';
  }
}

/** The remembered backups, each with what its box says now (one answer per backup). */
async function rememberedBackups(deps: GatherDeps, demoId: string | null): Promise<CopiesInput['backups']> {
  const settings = await deps.settings.load();
  const urls = Object.keys(settings.remembered).sort((a, b) => Number(b === settings.lastBoxUrl) - Number(a === settings.lastBoxUrl));
  const byRef = new Map<string, CopiesInput['backups'][number]>();
  for (const url of urls) {
    const backupId = await deps.settings.rememberedBackupId(url).catch(() => null);
    if (!backupId) continue;
    const ref = backupRef(backupId);
    const demo = backupId === demoId;
    const known = byRef.get(ref);
    if (known && known.box !== 'unknown') continue;
    // A demo box that is not running is not a box that failed to answer: nothing is asked, nothing is wrong.
    const demoUrl = demo && deps.demoUrl ? deps.demoUrl() : undefined;
    const box = demoUrl === null ? ('demo-stopped' as const) : await askBox(deps, demoUrl ?? url, backupId);
    byRef.set(ref, { backupRef: ref, backupIdPrefix: backupId.slice(0, 8), box, demo });
  }
  return [...byRef.values()];
}

function fromCatalog(entry: CatalogEntry, place: Place, attached: boolean, demoRef: string | null): CopyInput {
  return {
    path: entry.path,
    place,
    attached,
    backupRef: entry.backupRef,
    backupIdPrefix: entry.backupIdPrefix,
    createdAt: entry.createdAt,
    digest: entry.digest ?? null,
    verifiedAt: entry.verifiedAt || null,
    failure: entry.lastFailure ?? null,
    demo: entry.demo || entry.backupRef === demoRef,
  };
}

/**
 * Everything the copies model needs: the catalog (with places learned while sticks were
 * attached), archives found on attached sticks and in remembered folders that the catalog does
 * not know, and each remembered backup's digest on its box.
 */
export async function gatherCopies(deps: GatherDeps, staleDays: number): Promise<CopiesInput> {
  const [entries, volumes, demoId] = await Promise.all([deps.catalog.list(), deps.volumes(), deps.demoBackupId()]);
  const demoRef = demoId ? backupRef(demoId) : null;
  const copies: CopyInput[] = [];
  const known = new Set<string>();
  const learned = new Map<string, { place: Place; paths: string[] }>();

  for (const entry of entries) {
    known.add(entry.path);
    const attached = await stat(entry.path).then((s) => s.isFile(), () => false);
    const volume = volumeFor(entry.directory, volumes);
    let place: Place;
    if (volume && attached) {
      place = stickPlace(volume);
      if (JSON.stringify(entry.place) !== JSON.stringify(place)) {
        const group = learned.get(place.id) ?? { place, paths: [] };
        group.paths.push(entry.path);
        learned.set(place.id, group);
      }
    } else {
      place =
        entry.place ??
        (entry.removable ? { id: `dir:${entry.directory}`, label: basename(entry.directory) || entry.directory, kind: 'stick' } : await folderPlace(entry.directory));
    }
    copies.push(fromCatalog(entry, place, attached, demoRef));
  }
  for (const { place, paths } of learned.values()) await deps.catalog.recordPlace(paths, place).catch(() => undefined);

  // Archives the catalog does not know: on attached sticks, and in folders the catalog remembers.
  const remembered = [...new Set(entries.map((e) => e.directory))].filter((d) => !volumeFor(d, volumes));
  const scans: { directory: string; place: Promise<Place> }[] = [
    ...volumes.map((v) => ({ directory: v.mountPoint, place: Promise.resolve(stickPlace(v)) })),
    ...remembered.map((d) => ({ directory: d, place: folderPlace(d) })),
  ];
  for (const scan of scans) {
    const found = await listArchives(scan.directory).catch(() => []);
    for (const archive of found.slice(0, SCAN_LIMIT)) {
      if (known.has(archive.path)) continue;
      known.add(archive.path);
      const manifest = await readManifest(archive.path).catch(() => null);
      if (!manifest) continue;
      const ref = backupRef(manifest.backupId);
      copies.push({
        path: archive.path,
        place: await scan.place,
        attached: true,
        backupRef: ref,
        backupIdPrefix: manifest.backupId.slice(0, 8),
        createdAt: manifest.createdAt,
        digest: backupDigest(manifest.files).digest,
        verifiedAt: null,
        failure: null,
        demo: ref === demoRef,
      });
    }
  }
  return { copies, backups: await rememberedBackups(deps, demoId), now: (deps.now?.() ?? new Date()).toISOString(), staleDays };
}
