import { relative } from 'node:path';
import { backupDigest } from '../../shared/backup-digest';
import type { BoxDigestState, CopiesInput, CopyInput, Place, SeenInput } from '../../shared/copies/model';
import { boxFiles, manifestLabel } from '../../shared/archive/manifest';
import { backupLabel } from '../../shared/archive/fingerprint';
import { backupRef, manifestRef, type Catalog, type CatalogEntry } from '../archive/catalog';
import { contentOf, type CatalogContent } from '../archive/shrink';
import { listArchives } from '../archive/handlers';
import type { SettingsStore } from '../archive/settings';
import { createBoxClient, type BoxDigest } from '../box/client';
import { volumeRecord } from '../drives/containing';
import { volumeIdentities } from '../drives/identity';
import type { Volume } from '../drives/parse';
import { createLogger } from '../log';
import type { ClaimsStore } from './claims';
import { readManifest } from './manifest';
import { folderPlace, locate, stickPlace, volumeFor } from './places';

export { volumeFor };

const log = createLogger('copies');

/** Archives looked at per place in one scan: a stick with thousands (support staff) is not walked whole. */
const SCAN_LIMIT = 200;
/** The box is asked briefly (and not waited for while another program uses it): an unreachable or busy box makes the state "unknown", it does not hold the screen up. */
const DIGEST_TIMEOUTS = { connectMs: 3_000, firstReplyMs: 3_000, replyMs: 15_000 };

export interface GatherDeps {
  catalog: Catalog;
  settings: SettingsStore;
  /** Which backups the person said are theirs, and which seen ones they forgot. */
  claims?: ClaimsStore;
  volumes(): Promise<Volume[]>;
  /** The demo backup's id, when the demo box was ever started (its archives are demo archives). */
  demoBackupId(): Promise<string | null>;
  /** The demo box's address while it runs: its remembered address changes on every start. */
  demoUrl?(): string | null;
  /** Asks a box for one backup's digest (tests may pass their own). */
  boxDigest?(boxUrl: string, backupId: string): Promise<BoxDigest>;
  /** Another program on this computer is using the box: this look waits its turn (briefly). */
  onWaiting?(): void;
  /** What the box said about a backup (its digest, 'not-found', or 'unknown'): the box watch tells changes against it. */
  onBoxDigest?(backupRef: string, value: string): void;
  now?(): Date;
}

async function askBox(deps: GatherDeps, boxUrl: string, backupId: string): Promise<BoxDigestState> {
  const checkedAt = (deps.now?.() ?? new Date()).toISOString();
  try {
    const reply = deps.boxDigest ? await deps.boxDigest(boxUrl, backupId) : await createBoxClient(boxUrl, DIGEST_TIMEOUTS, { maxLockWaitMs: 5_000, onWaiting: deps.onWaiting }).backupDigest(backupId);
    if (reply === 'unknown') return 'unknown';
    return 'notFound' in reply ? { notFound: true, checkedAt } : { digest: reply.digest, checkedAt };
  } catch (err) {
    log.info(`box digest not available: ${(err as { code?: string }).code ?? 'error'}`);
    return 'unknown';
  }
}

/** The remembered backups (one per box, the last used box first) with their ids. */
export async function rememberedIds(settings: SettingsStore): Promise<{ url: string; backupId: string }[]> {
  const s = await settings.load();
  const urls = Object.keys(s.remembered).sort((a, b) => Number(b === s.lastBoxUrl) - Number(a === s.lastBoxUrl));
  const out: { url: string; backupId: string }[] = [];
  for (const url of urls) {
    const backupId = await settings.rememberedBackupId(url).catch(() => null);
    if (backupId) out.push({ url, backupId });
  }
  return out;
}

/** The remembered backups, each with what its box says now (one answer per backup). */
async function rememberedBackups(deps: GatherDeps, remembered: { url: string; backupId: string }[], demoId: string | null): Promise<CopiesInput['backups']> {
  const byRef = new Map<string, CopiesInput['backups'][number]>();
  for (const { url, backupId } of remembered) {
    const ref = backupRef(backupId);
    const demo = backupId === demoId;
    const known = byRef.get(ref);
    if (known && known.box !== 'unknown') continue;
    // A demo box that is not running is not a box that failed to answer: nothing is asked, nothing is wrong.
    const demoUrl = demo && deps.demoUrl ? deps.demoUrl() : undefined;
    const box = demoUrl === null ? ('demo-stopped' as const) : await askBox(deps, demoUrl ?? url, backupId);
    if (box !== 'demo-stopped') deps.onBoxDigest?.(ref, box === 'unknown' ? 'unknown' : 'notFound' in box ? 'not-found' : box.digest);
    const sealing = (await deps.settings.rememberedRecipient(url, backupId).catch(() => null)) !== null;
    byRef.set(ref, { backupRef: ref, backupIdPrefix: backupLabel(backupId, sealing), box, demo, sealing });
  }
  return [...byRef.values()];
}

function fromCatalog(entry: CatalogEntry, where: { path: string; place: Place; attached: boolean }, demoRef: string | null, content: CatalogContent | null): CopyInput {
  return {
    path: where.path,
    place: where.place,
    attached: where.attached,
    backupRef: entry.backupRef,
    backupIdPrefix: entry.backupIdPrefix,
    createdAt: entry.createdAt,
    digest: entry.digest ?? null,
    verifiedAt: entry.verifiedAt || null,
    failure: entry.lastFailure ?? null,
    demo: entry.demo || entry.backupRef === demoRef,
    content: content?.status ?? null,
  };
}

/**
 * Everything the copies model needs: the catalog (each copy looked for where its volume is now),
 * archives found on attached sticks and in remembered folders that the catalog does not know, and
 * each remembered backup's digest on its box. Copies of backups that are not the person's (not
 * remembered, not claimed) are answered apart, as backups seen on sticks.
 */
export async function gatherCopies(deps: GatherDeps, staleDays: number): Promise<CopiesInput> {
  const [entries, volumes, demoId, remembered, claims] = await Promise.all([
    deps.catalog.list(),
    deps.volumes(),
    deps.demoBackupId(),
    rememberedIds(deps.settings),
    deps.claims?.load() ?? Promise.resolve({ mine: [] as string[], forgotten: [] as string[] }),
  ]);
  const now = (deps.now?.() ?? new Date()).toISOString();
  const demoRef = demoId ? backupRef(demoId) : null;
  const mine = new Set([...remembered.map((r) => backupRef(r.backupId)), ...claims.mine, ...(demoRef ? [demoRef] : [])]);
  const forgotten = new Set(claims.forgotten);
  const ids = volumeIdentities();
  // Format-2 manifests carry a fingerprint, not the id: matched against the ids the app knows.
  const knownIds = [demoId, ...remembered.map((r) => r.backupId)];
  const copies: CopyInput[] = [];
  const seen: SeenInput[] = [];
  const known = new Set<string>();
  const learned: Parameters<Catalog['recordSeen']>[0] = [];
  const file = (volumeId: string | undefined, path: string, mount: string | undefined) => (volumeId && mount ? `${volumeId}:${relative(mount, path)}` : path);

  for (const entry of entries) {
    known.add(entry.path);
    if (entry.gone) continue;
    const where = await locate(entry, volumes, ids, now);
    if (where.learned) learned.push(where.learned);
    known.add(where.path);
    if (where.gone) {
      log.info(`a copy was deleted from ${where.place.label}; it no longer counts`);
      continue;
    }
    if (entry.volume) known.add(file(entry.volume.id, entry.path, entry.volume.mountPoint));
    if (mine.has(entry.backupRef) || entry.demo) {
      // The format is read from the manifest (a few hundred bytes) while the archive can be read.
      const formatVersion = where.attached ? await readManifest(where.path).then((m) => m.formatVersion, () => null) : null;
      // An archive recorded before the catalog kept the verdict is judged once, from its file, and remembered.
      let content = entry.content ?? null;
      if (!content && where.attached) {
        content = await contentOf({ ...entry, path: where.path }).catch(() => null);
        if (content) await deps.catalog.recordContent(entry.path, content).catch(() => undefined);
      }
      copies.push({ ...fromCatalog(entry, where, demoRef, content), formatVersion });
    }
    else if (!forgotten.has(entry.backupRef)) seen.push({ path: where.path, place: where.place, attached: where.attached, backupRef: entry.backupRef, backupIdPrefix: entry.backupIdPrefix, createdAt: entry.createdAt });
  }
  if (learned.length) await deps.catalog.recordSeen(learned).catch(() => undefined);

  // Archives the catalog does not know: on attached sticks, and in folders the catalog remembers.
  const folders = [...new Set(entries.filter((e) => !e.gone && !e.removable).map((e) => e.directory))].filter((d) => !volumeFor(d, volumes));
  const scans: { directory: string; volumeId?: string; mount?: string; place: () => Promise<Place | null> }[] = [
    ...volumes.map((v) => ({ directory: v.mountPoint, volumeId: v.id, mount: v.mountPoint, place: async () => stickPlace(v.id, v.label) })),
    ...folders.map((d) => ({
      directory: d,
      place: async () => {
        const record = volumeRecord(d, volumes, await ids.of(d));
        return record ? folderPlace(d, record) : null;
      },
    })),
  ];
  for (const scan of scans) {
    const found = await listArchives(scan.directory).catch(() => []);
    for (const archive of found.slice(0, SCAN_LIMIT)) {
      const key = file(scan.volumeId, archive.path, scan.mount);
      if (known.has(archive.path) || known.has(key)) continue;
      known.add(archive.path);
      known.add(key);
      const manifest = await readManifest(archive.path).catch(() => null);
      const place = manifest ? await scan.place() : null;
      if (!manifest || !place) continue;
      const ref = manifestRef(manifest, knownIds);
      const base = { path: archive.path, place, attached: true, backupRef: ref, backupIdPrefix: manifestLabel(manifest), createdAt: manifest.createdAt };
      // Not judged until it is checked (it does not count before that either).
      if (mine.has(ref)) copies.push({ ...base, digest: backupDigest(boxFiles(manifest)).digest, verifiedAt: null, failure: null, demo: ref === demoRef, formatVersion: manifest.formatVersion, content: null });
      else if (!forgotten.has(ref)) seen.push(base);
    }
  }
  return { copies, seen, backups: await rememberedBackups(deps, remembered, demoId), now, staleDays };
}
