import { readFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceBox } from '../../box/reference-box';
import { seedBackup } from '../../box/seed';
import { summarizeCopies } from '../../shared/copies/model';
import { loopUnavailable, makeLoopFs, type LoopFs } from '../../tests/helpers/loop';
import { createCatalog, type Catalog, type CatalogEntry } from '../archive/catalog';
import { pullToArchive } from '../archive/pull';
import { createSettings } from '../archive/settings';
import type { Volume } from '../drives/parse';
import { watchDrives } from '../drives/watch';
import { setQuiet } from '../log';
import { gatherCopies } from './gather';
import { createScrub, type ScrubSummary } from './scrub';

// Issue #13: "a copy on a stick removed mid-scrub is left unflagged", on a real filesystem that
// really goes away (a loop-mounted ext4 image, lazily unmounted as a pulled stick is), with the
// scrub fed by the drives watcher as in the app (drives/handlers.ts -> copies onVolumes).
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-scrub-unplug-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const reason = loopUnavailable();
if (reason) console.log(`scrub on a real unmounted stick skipped: ${reason}`);

/** The volumes right now, read from /proc/mounts: only our loop mounts (lsblk lists loop devices as fixed disks). */
function mountedSticks(disks: Map<string, LoopFs>) {
  return async (): Promise<Volume[]> => {
    const mounted = new Set((await readFile('/proc/mounts', 'utf8')).split('\n').map((line) => line.split(' ')[1]));
    return [...disks]
      .filter(([, disk]) => mounted.has(disk.mountPoint))
      .map(([label, disk]) => ({ id: `loop-${label}`, label, mountPoint: disk.mountPoint, size: null, free: null, filesystem: 'ext4', writable: true, bus: 'usb', device: null }));
  };
}

describe.skipIf(reason !== null)('scrub of a stick that is really unmounted mid-scrub (loop-mounted ext4)', () => {
  it('stops re-reading that stick, flags nothing on it, keeps its catalog entries, and still checks the stick that stays', async () => {
    const seeded = await seedBackup(join(root, 'box'), { identities: 2, peers: 1, fastKeys: true });
    const box = await startReferenceBox({ dataDir: join(root, 'box') });
    const pulled = makeLoopFs(4096);
    const stays = makeLoopFs(4096);
    const disks = new Map([
      ['PULLED', pulled],
      ['STAYS', stays],
    ]);
    const catalog = createCatalog(join(root, 'app'));
    const settings = createSettings(join(root, 'app'), { description: 'plain', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() });
    await settings.remember(box.url, seeded.backupId);
    let watcher: ReturnType<typeof watchDrives> | null = null;
    try {
      let clock = Date.parse('2026-11-20T10:00:00Z');
      const pull = async (dir: string) => {
        const when = new Date((clock += 60_000));
        const volumes = await mountedSticks(disks)();
        return pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: dir, appName: 't', appVersion: '0', catalog, retention: 10, now: () => when, removable: true, volumes });
      };
      const onPulled: string[] = [];
      for (let i = 0; i < 4; i++) onPulled.push((await pull(pulled.mountPoint)).path);
      const onStays = (await pull(stays.mountPoint)).path;
      const volumes = mountedSticks(disks);
      const view = async () => summarizeCopies(await gatherCopies({ catalog, settings, volumes, demoBackupId: async () => null }, 30));
      // While both are plugged in, the Home screen (or the tray) shows them: the sticks' names are learned.
      expect((await view()).headline).toBe('2 up-to-date copies: PULLED and STAYS');
      const before = new Map((await catalog.list()).map((e) => [e.path, e]));

      // The stick is pulled right after its first archive (the newest) has been re-read and recorded.
      const reread: string[] = [];
      let unmountedAt = 0;
      const unplugging: Catalog = {
        ...catalog,
        recordCheck: async (...args) => {
          await catalog.recordCheck(...args);
          reread.push(args[0]);
          if (onPulled.includes(args[0]) && !unmountedAt) {
            pulled.lazyUnmount();
            unmountedAt = Date.now();
          }
        },
      };
      const summaries: ScrubSummary[] = [];
      // A long pause between two archives: the watcher sees the stick go during it, and the
      // scrub must stop then, not after the pause or after trying the remaining archives.
      const scrub = createScrub({ catalog: unplugging, volumes, pauseMs: 8_000, onDone: (s) => summaries.push(s) });
      watcher = watchDrives(volumes, (list) => scrub.onVolumes(list), { intervalMs: 50, useUsb: false });
      scrub.onVolumes(await watcher.current());
      await scrub.idle();
      const stoppedAfterMs = Date.now() - unmountedAt;

      expect(unmountedAt).toBeGreaterThan(0);
      expect(reread.filter((p) => onPulled.includes(p))).toEqual([onPulled[3]]);
      expect(reread.filter((p) => p === onStays)).toEqual([onStays]);
      // The pulled stick's scrub was cancelled during its pause (no summary, so no "failed" message);
      // the other stick's scrub finished normally.
      expect(summaries).toEqual([{ label: 'STAYS', checked: 1, failed: 0, skipped: 0, notRestorable: 0, interrupted: false }]);
      expect(stoppedAfterMs).toBeLessThan(6_000);

      // The catalog: the same entries, none flagged, only the re-read ones newly verified.
      const after = new Map((await catalog.list()).map((e) => [e.path, e]));
      expect([...after.keys()].sort()).toEqual([...before.keys()].sort());
      for (const [path, entry] of after) {
        expect(entry.lastFailure ?? null, path).toBeNull();
        const was = before.get(path)!;
        if (path === onPulled[3] || path === onStays) expect(entry.verifiedAt > was.verifiedAt, path).toBe(true);
        else expect(entry, path).toEqual<CatalogEntry>(was);
      }
      // What the person sees: the pulled stick's copies are still counted, none is a failed copy.
      const unplugged = await view();
      expect(unplugged.backups[0]!.copies).toHaveLength(5);
      expect(unplugged.backups[0]!.warnings.filter((w) => w.code === 'failed')).toEqual([]);
      expect(unplugged.headline).toBe('2 up-to-date copies: PULLED and STAYS');
    } finally {
      watcher?.stop();
      await box.close();
      pulled.cleanup();
      stays.cleanup();
    }
  }, 60_000);
});
