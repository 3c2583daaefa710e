import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { createCatalog } from '../archive/catalog';
import { pullToArchive } from '../archive/pull';
import { createSettings } from '../archive/settings';
import { loopUnavailable, makeLoopFs } from '../../tests/helpers/loop';
import { setQuiet } from '../log';
import { createSchedule } from './schedule';

setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-schedule-'));
const entropy = new Uint8Array(32).fill(5);
const plain = { description: 'test', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
let box: ReferenceBox;
let seeded: SeededBackup;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true, entropy });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

describe('scheduled copies into remembered folders', () => {
  it('is off by default; when on, writes only when the box changed, and at most every N hours', async () => {
    const app = join(root, 'app');
    const settings = createSettings(app, plain);
    const catalog = createCatalog(app);
    await settings.remember(box.url, seeded.backupId);
    const folder = join(root, 'Backups');
    mkdirSync(folder);
    await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: folder, appName: 't', appVersion: '0', catalog, retention: 10 });
    let clock = Date.now();
    const messages: string[] = [];
    const schedule = createSchedule({ dataDir: app, appName: 't', appVersion: '0', settings, catalog, volumes: async () => [], onResult: (m) => messages.push(m), now: () => clock });
    const count = () => readdirSync(folder).filter((n) => n.endsWith('.idbox')).length;

    expect(await schedule.tick()).toEqual([]); // off
    await settings.update((s) => (s.scheduleHours = 6));
    expect(await schedule.tick()).toEqual([]); // on, but the box has not changed
    expect(count()).toBe(1);

    await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true, entropy });
    clock += 60 * 60 * 1000;
    expect(await schedule.tick()).toEqual([]); // changed, but not due for another 5 hours
    clock += 5 * 60 * 60 * 1000;
    const written = await schedule.tick();
    expect(written).toHaveLength(1);
    expect(count()).toBe(2);
    expect(messages).toEqual([`Your box's backup changed: a fresh verified copy was written to ${folder} on schedule.`]);
  });

  it('an archive dated a year ahead (made while the clock was ahead) does not make every run write again: three runs, one archive, one notice', async () => {
    const app = join(root, 'app-future');
    const settings = createSettings(app, plain);
    const catalog = createCatalog(app);
    await settings.remember(box.url, seeded.backupId);
    await settings.update((s) => (s.scheduleHours = 1));
    const folder = join(root, 'Future');
    mkdirSync(folder);
    const yearAhead = new Date(Date.now() + 365 * 24 * 60 * 60 * 1000);
    await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: folder, appName: 't', appVersion: '0', catalog, retention: 10, now: () => yearAhead });
    // The box's backup changes once after that copy.
    await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true, entropy });
    let clock = Date.now();
    const messages: string[] = [];
    const schedule = createSchedule({ dataDir: app, appName: 't', appVersion: '0', settings, catalog, volumes: async () => [], onResult: (m) => messages.push(m), now: () => clock });
    const written: string[] = [];
    for (let run = 0; run < 3; run++) {
      written.push(...(await schedule.tick()));
      clock += 2 * 60 * 60 * 1000;
    }
    expect(written).toHaveLength(1);
    expect(readdirSync(folder).filter((n) => n.endsWith('.idbox'))).toHaveLength(2);
    expect(messages).toEqual([`Your box's backup changed: a fresh verified copy was written to ${folder} on schedule.`]);
  });

  it('a clock that went back (a year) does not stall the schedule for a year', async () => {
    const app = join(root, 'app-back');
    const settings = createSettings(app, plain);
    const catalog = createCatalog(app);
    await settings.remember(box.url, seeded.backupId);
    await settings.update((s) => (s.scheduleHours = 1));
    const folder = join(root, 'Back');
    mkdirSync(folder);
    await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: folder, appName: 't', appVersion: '0', catalog, retention: 10 });
    let clock = Date.now() + 365 * 24 * 60 * 60 * 1000;
    let asked = 0;
    const boxDigest = async () => ((asked += 1), 'unknown' as const);
    const schedule = createSchedule({ dataDir: app, appName: 't', appVersion: '0', settings, catalog, volumes: async () => [], onResult: () => undefined, now: () => clock, boxDigest });
    await schedule.tick();
    expect(asked).toBe(1);
    clock = Date.now(); // the clock is put right: a year back
    await schedule.tick();
    clock += 2 * 60 * 60 * 1000;
    await schedule.tick();
    expect(asked).toBe(2);
  });
});

const loopReason = loopUnavailable();
if (loopReason) console.log(`schedule with an unmounted disk skipped: ${loopReason}`);

describe.skipIf(loopReason !== null)('a remembered folder whose disk is not mounted (loop-mounted ext4)', () => {
  it('writes nothing onto the system disk in its place, and says why', async () => {
    const app = join(root, 'app-unmounted');
    const settings = createSettings(app, plain);
    const catalog = createCatalog(app);
    await settings.remember(box.url, seeded.backupId);
    const disk = makeLoopFs(4096);
    try {
      // The folder is the external disk's mount point, as a person picks it.
      const folder = disk.mountPoint;
      await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: folder, appName: 't', appVersion: '0', catalog, retention: 10 });
      await settings.update((s) => (s.scheduleHours = 1));
      disk.lazyUnmount(); // the disk is not mounted: its mount point is an empty folder on the system disk
      await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true, entropy: new Uint8Array(32).fill(5) });
      const messages: string[] = [];
      const schedule = createSchedule({ dataDir: app, appName: 't', appVersion: '0', settings, catalog, volumes: async () => [], onResult: (m) => messages.push(m) });
      expect(await schedule.tick()).toEqual([]);
      expect(readdirSync(folder)).toEqual([]);
      expect(messages).toEqual([`The scheduled copy to ${folder} was skipped: the disk that held this folder is not connected. Connect it; the next scheduled run copies to it.`]);
    } finally {
      disk.cleanup();
    }
  });
});
