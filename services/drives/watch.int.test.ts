import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loopUnavailable, makeLoopFs } from '../../tests/helpers/loop';
import { listVolumes } from './list';
import type { Volume } from './parse';
import { watchDrives } from './watch';

const vol = (id: string): Volume => ({ id, label: id, mountPoint: `/media/${id}`, size: 1, free: 1, filesystem: 'vfat', writable: true, bus: 'usb', device: null });

describe('drive watcher', () => {
  it('reports only real changes, from a polled source', async () => {
    let volumes: Volume[] = [];
    const seen: string[][] = [];
    const w = watchDrives(async () => volumes, (v) => seen.push(v.map((x) => x.id)), { intervalMs: 50, useUsb: false });
    await w.current();
    volumes = [vol('STICK')];
    await new Promise((r) => setTimeout(r, 200));
    volumes = [];
    await new Promise((r) => setTimeout(r, 200));
    w.stop();
    expect(seen).toEqual([['STICK'], []]);
  });

  it('survives the usb module on a machine without /sys/bus/usb', async () => {
    const w = watchDrives(async () => [], () => {}, { intervalMs: 100 });
    await new Promise((r) => setTimeout(r, 1500));
    console.log(`hot-plug mode here: ${w.mode()}`);
    expect(['usb', 'polling']).toContain(w.mode());
    w.stop();
  });

  it('the test hook plugs in folders only when test hooks are on', async () => {
    const a = mkdtempSync(join(tmpdir(), 'idbox-stick-'));
    try {
      expect((await listVolumes({ IDBOX_EXTRA_VOLUMES: a })).some((v) => v.mountPoint === a)).toBe(false);
      const listed = await listVolumes({ IDBOX_TEST_HOOKS: '1', IDBOX_EXTRA_VOLUMES: [a, '/nonexistent'].join(delimiter) });
      expect(listed.filter((v) => v.bus === 'test').map((v) => v.mountPoint)).toEqual([a]);
    } finally {
      rmSync(a, { recursive: true, force: true });
    }
  });

  const reason = loopUnavailable();
  if (reason) console.log(`real mount/unmount watcher test skipped: ${reason}`);
  it.skipIf(reason !== null)('sees a real filesystem mounted and unmounted (loop device standing in for a stick)', async () => {
    // lsblk lists loop devices as non-removable, so the volume source here is "every mount under
    // our base folder", read from /proc/mounts: the watcher's rescan logic is what is under test.
    const { readFile } = await import('node:fs/promises');
    const seen: number[] = [];
    const disk = makeLoopFs(2048);
    const base = disk.mountPoint;
    const source = async () =>
      (await readFile('/proc/mounts', 'utf8'))
        .split('\n')
        .filter((l) => l.split(' ')[1] === base)
        .map(() => vol('LOOP'));
    const w = watchDrives(source, (v) => seen.push(v.length), { intervalMs: 100, useUsb: false });
    await w.current();
    disk.lazyUnmount();
    await new Promise((r) => setTimeout(r, 400));
    w.stop();
    disk.cleanup();
    expect(seen).toEqual([0]);
  });
});
