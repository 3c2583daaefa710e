import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceDemoKit } from '../../box/demo-kit';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import type { EventName } from '../../shared/contract';
import { loopUnavailable, makeLoopFs, type LoopFs } from '../../tests/helpers/loop';
import { createCatalog } from '../archive/catalog';
import { pullToArchive } from '../archive/pull';
import { createSettings } from '../archive/settings';
import type { ServiceDeps } from '../deps';
import { listVolumes } from '../drives/list';
import { setQuiet } from '../log';
import { copiesHandlers } from './handlers';

// Issue #24: a place is a volume. Real filesystems (loop-mounted ext4 images), listed as the app
// lists sticks (the IDBOX_EXTRA_VOLUMES test hook: a folder that is a mount point is named by its
// filesystem's id), and the copies calls as the window makes them.
setQuiet(true);
const reason = loopUnavailable();
if (reason) console.log(`places on real volumes skipped: ${reason}`);
const root = mkdtempSync(join(tmpdir(), 'idbox-places-'));
const plain = { description: 'plain', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
let box: ReferenceBox;
let mine: SeededBackup;
let stranger: SeededBackup;
const cleanups: (() => void)[] = [];

beforeAll(async () => {
  mine = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true, entropy: new Uint8Array(32).fill(3) });
  stranger = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true, entropy: new Uint8Array(32).fill(4) });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
});
afterAll(async () => {
  for (const c of cleanups.reverse()) c();
  await box?.close();
  rmSync(root, { recursive: true, force: true });
});

function loop(): LoopFs {
  const fs = makeLoopFs(4096);
  cleanups.push(() => fs.cleanup());
  return fs;
}

/** The app's copies calls on its own data folder, with sticks listed by the test hook. */
function app(name: string, sticks: () => string[]) {
  const dataDir = join(root, name);
  const events: { name: EventName; payload: unknown }[] = [];
  const disposers: (() => void | Promise<void>)[] = [];
  const deps: ServiceDeps = {
    appName: 't',
    appVersion: '0',
    host: 'browser-host',
    dataDir,
    secrets: plain,
    dialogs: null,
    shell: null,
    demoKit: referenceDemoKit,
    emit: (n, payload) => events.push({ name: n, payload }),
    onDispose: (fn) => disposers.push(fn),
  };
  const volumes = () => listVolumes({ IDBOX_TEST_HOOKS: '1', IDBOX_EXTRA_VOLUMES: sticks().join(':') });
  const copies = copiesHandlers(deps, { volumes, scheduleCheckMs: 3_600_000 });
  cleanups.push(() => void Promise.all(disposers.map((d) => d())));
  const settings = createSettings(dataDir, plain);
  const catalog = createCatalog(dataDir);
  let clock = Date.parse('2026-12-01T10:00:00Z');
  return {
    settings,
    catalog,
    events,
    handlers: copies.handlers,
    list: () => copies.handlers['copies.list']({}, { signal: new AbortController().signal, operationId: null, emit: () => {} } as never),
    verifyAll: () => copies.handlers['copies.verifyAll']({ operationId: 'op-1' }, { signal: new AbortController().signal, operationId: 'op-1', emit: () => {} } as never),
    async pull(destination: string, backupId = mine.backupId) {
      const when = new Date((clock += 60_000));
      const listed = await volumes();
      const removable = listed.some((v) => destination.startsWith(v.mountPoint));
      return pullToArchive({ boxUrl: box.url, backupId, destination, appName: 't', appVersion: '0', catalog, retention: 10, now: () => when, removable, volumes: listed });
    },
    scrubAll: async () => {
      copies.onVolumes([]);
      copies.onVolumes(await volumes());
      await copies.scrub.idle();
    },
  };
}

describe.skipIf(reason !== null)('a place is a volume (loop-mounted ext4)', () => {
  it('one stick mounted at two paths, a pull at each, is one place and keeps the "only one place" warning', async () => {
    const stick = loop();
    const second = join(root, 'KINGSTON1');
    mkdirSync(second);
    const device = execFileSync('findmnt', ['-no', 'SOURCE', stick.mountPoint], { encoding: 'utf8' }).trim();
    execFileSync('mount', [device, second]);
    cleanups.push(() => execFileSync('umount', ['-l', second]));
    const a = app('two-paths', () => [stick.mountPoint, second]);
    await a.settings.remember(box.url, mine.backupId);
    await a.pull(stick.mountPoint);
    await a.pull(second);
    const view = await a.list();
    const own = view.backups[0]!;
    expect(own.copies).toHaveLength(2);
    expect(own.currentPlaces).toHaveLength(1);
    expect(view.headline).toMatch(/^1 up-to-date copy: /);
    expect(own.warnings.map((w) => w.code)).toContain('single-place');
  });

  it('a stick mounted at another path next time (KINGSTON, then KINGSTON1) keeps its copy: found there, not called deleted, not taken in twice', async () => {
    const stick = loop();
    const image = join(stick.mountPoint, '..', 'disk.img'); // tests/helpers/loop.ts keeps the image beside its mount point
    const later = join(root, 'KINGSTON1-later');
    mkdirSync(later);
    let plugged = [stick.mountPoint];
    const a = app('remounted', () => plugged);
    await a.settings.remember(box.url, mine.backupId);
    const first = await a.pull(stick.mountPoint);
    // Unplugged, and mounted at another path when it comes back (a stale folder kept the old name).
    execFileSync('umount', [stick.mountPoint]);
    execFileSync('mount', ['-o', 'loop', image, later]);
    cleanups.push(() => execFileSync('umount', ['-l', later]));
    plugged = [later];
    await a.scrubAll();
    const own = (await a.list()).backups[0]!;
    expect(own.copies).toHaveLength(1);
    expect(own.copies[0]).toMatchObject({ attached: true, counts: true, path: join(later, first.fileName) });
    const entries = await a.catalog.list();
    expect(entries).toHaveLength(1);
    expect(entries[0]!.gone).toBeUndefined();
  });

  it('two ext4 images on one disk are one place (folders on this computer: one place per physical disk)', async () => {
    const one = loop();
    const two = loop();
    const a = app('one-disk', () => []);
    await a.settings.remember(box.url, mine.backupId);
    await a.pull(one.mountPoint);
    await a.pull(two.mountPoint);
    const own = (await a.list()).backups[0]!;
    expect(own.copies).toHaveLength(2);
    expect(own.copies.every((c) => c.counts)).toBe(true);
    expect(own.currentPlaces).toHaveLength(1);
    expect(own.warnings.map((w) => w.code)).toContain('single-place');
  });

  it('an archive deleted from a plugged-in stick leaves the count, is retired as deleted, and Verify all says so', async () => {
    const kingston = loop();
    const away = loop();
    let plugged = [kingston.mountPoint, away.mountPoint];
    const a = app('deleted', () => plugged);
    await a.settings.remember(box.url, mine.backupId);
    const deleted = await a.pull(kingston.mountPoint);
    await a.pull(away.mountPoint);
    expect((await a.list()).backups[0]!.currentPlaces).toHaveLength(2);

    unlinkSync(deleted.path);
    away.lazyUnmount(); // the other stick is unplugged: its copy is kept, not reachable
    plugged = [kingston.mountPoint];
    const view = await a.list();
    const own = view.backups[0]!;
    expect(own.copies.map((c) => c.path)).not.toContain(deleted.path);
    expect(own.currentPlaces).toHaveLength(1);
    expect(own.copies.find((c) => !c.attached)?.counts).toBe(true); // not plugged in: still counts
    const entry = (await a.catalog.list()).find((e) => e.path === deleted.path)!;
    expect(entry.gone?.from).toBe('Test stick mnt');

    const totals = await a.verifyAll();
    expect(totals).toMatchObject({ checked: 0, failed: 0, gone: 1 });
    expect(totals.unreachable).toEqual([{ count: 1, reason: '1 copy on Test stick mnt: it is not plugged in.' }]);
  });

  it("a stranger's archive on a plugged-in stick is shown apart, never counted, never adopted, and forgotten with one click", async () => {
    const support = loop();
    const a = app('stranger', () => [support.mountPoint]);
    await a.settings.remember(box.url, mine.backupId);
    // Someone else's archive, written by their own app.
    await pullToArchive({ boxUrl: box.url, backupId: stranger.backupId, destination: support.mountPoint, appName: 't', appVersion: '0', catalog: createCatalog(join(root, 'someone-else')), retention: 10 });
    await a.scrubAll();
    const view = await a.list();
    expect(view.backups.map((b) => b.backupIdPrefix)).toEqual([mine.backupId.slice(0, 8)]);
    expect(view.headline).toBe('No offline copy yet: archive your backup to a USB stick.');
    expect(view.seen).toHaveLength(1);
    expect(view.seen[0]).toMatchObject({ backupIdPrefix: stranger.backupId.slice(0, 8), copies: [{ attached: true }] });
    expect(await a.catalog.list()).toEqual([]); // the scrub checked it but did not take it in

    // "This is mine": it becomes one of the person's backups. "Forget": not listed again.
    await a.handlers['copies.claim']({ backupRef: view.seen[0]!.backupRef }, {} as never);
    const claimed = await a.list();
    expect(claimed.seen).toEqual([]);
    expect(claimed.backups.map((b) => b.backupIdPrefix)).toContain(stranger.backupId.slice(0, 8));
    await a.handlers['copies.forgetSeen']({ backupRef: view.seen[0]!.backupRef }, {} as never);
    const forgotten = await a.list();
    expect(forgotten.seen).toEqual([]);
    expect(forgotten.backups.map((b) => b.backupIdPrefix)).toEqual([mine.backupId.slice(0, 8)]);
  });
});
