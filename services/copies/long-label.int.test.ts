import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { createDispatcher } from '../../shared/contract/dispatch';
import { createCatalog } from '../archive/catalog';
import { pullToArchive } from '../archive/pull';
import { createSettings } from '../archive/settings';
import type { ServiceDeps } from '../deps';
import type { Volume } from '../drives/parse';
import type { ServiceHandlers } from '../index';
import { setQuiet } from '../log';
import { copiesHandlers } from './handlers';

/**
 * A stick whose label is 241 characters (btrfs allows 255 bytes, f2fs 512, macOS 255) with a
 * damaged .idbox on it: the scrub's notice and the Copies screen's places enter the catalog and
 * the events cut to their limits. Every archive the person made stays in the catalog, and the
 * failure notice reaches the screen.
 */
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-long-label-'));
const app = join(root, 'app');
const plain = { description: 'plain', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
let box: ReferenceBox;
let seeded: SeededBackup;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a stick with a 241-character label', () => {
  it('its scrub notice is shown (cut), and the catalog keeps every archive', async () => {
    const catalog = createCatalog(app);
    await createSettings(app, plain).remember(box.url, seeded.backupId);
    const folder = join(root, 'Backups');
    mkdirSync(folder);
    let clock = Date.parse('2026-11-20T10:00:00Z');
    const pull = (destination: string) => {
      const when = new Date((clock += 60_000));
      return pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination, appName: 't', appVersion: '0', catalog, retention: 10, now: () => when });
    };
    for (let i = 0; i < 3; i++) await pull(folder);
    const label = `${'Family photos and identity backup '.repeat(8)}`.slice(0, 241);
    expect(label).toHaveLength(241);
    const mountPoint = join(root, 'STICK');
    mkdirSync(mountPoint);
    const stick: Volume = { id: 'uuid-long', label, mountPoint, size: null, free: null, filesystem: 'btrfs', writable: true, bus: 'usb', device: null };
    const onStick = await pull(mountPoint);
    // Damage the archive on the stick, so its scrub fails and says so (a notice longer than 300 characters).
    const data = readFileSync(onStick.path);
    data[data.indexOf(Buffer.from('backup/backup\0')) + 512 + 10]! ^= 1;
    writeFileSync(onStick.path, data);

    const events: { name: string; payload: unknown }[] = [];
    const dispatcher = createDispatcher({} as ServiceHandlers, (name, payload) => events.push({ name, payload }));
    const disposers: (() => unknown)[] = [];
    const deps = { dataDir: app, appName: 't', appVersion: '0', secrets: plain, emit: dispatcher.emit, onDispose: (fn: () => unknown) => disposers.push(fn) } as unknown as ServiceDeps;
    const copies = copiesHandlers(deps, { volumes: async () => [stick], scrubPauseMs: 0, scheduleCheckMs: 3_600_000 });
    try {
      copies.onVolumes([stick]);
      await copies.scrub.idle();
      const listed = await copies.handlers['copies.list']({}, { signal: new AbortController().signal, operationId: null, emit: dispatcher.emit });
      expect(listed.backups[0]!.copies.find((c) => c.path === onStick.path)!.place.label.length).toBeLessThanOrEqual(200);
    } finally {
      for (const fn of disposers) await fn();
    }

    const notice = events.find((e) => e.name === 'copies.changed' && (e.payload as { reason: string }).reason === 'scrub');
    expect(notice, 'the scrub notice reached the screen').toBeDefined();
    const message = (notice!.payload as { message: string }).message;
    expect(message).toMatch(/^1 copy on Family photos/);
    expect(message.length).toBeLessThanOrEqual(300);

    // A fresh reader (the next start) still knows every archive the person made.
    const entries = await createCatalog(app).list();
    expect(entries.map((e) => e.path).sort()).toEqual([...readdirSync(folder).map((n) => join(folder, n)), onStick.path].sort());
    expect(entries.find((e) => e.path === onStick.path)!.lastFailure).toBeTruthy();
    expect(readdirSync(app).filter((n) => n.includes('invalid') || n.includes('set-aside'))).toEqual([]);
  });
});
