import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup } from '../../box/seed';
import { createCatalog } from '../archive/catalog';
import { createSettings } from '../archive/settings';
import { setQuiet } from '../log';
import { createAutomation, MARKER, type AutomationOutcome } from './automation';
import type { Volume } from './parse';

// An automatic archive runs with no window to press Cancel in: pulling its stick out, or stopping
// the app, must cancel it and leave nothing half-written behind.
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-auto-cancel-'));
let slow: ReferenceBox;
const plain = { description: 'test', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
let backupId = '';
beforeAll(async () => {
  const seeded = await seedBackup(join(root, 'box'), { identities: 2, peers: 3, fastKeys: true });
  backupId = seeded.backupId;
  slow = await startReferenceBox({ dataDir: join(root, 'box'), throttleKbps: 4 });
});
afterAll(async () => {
  await slow.close();
  rmSync(root, { recursive: true, force: true });
});

async function armed(name: string) {
  const outcomes: AutomationOutcome[] = [];
  const app = join(root, `app-${name}`);
  const settings = createSettings(app, plain);
  await settings.remember(slow.url, backupId);
  const auto = createAutomation({ dataDir: app, appName: 't', appVersion: '0', settings, catalog: createCatalog(app), onOutcome: (o) => outcomes.push(o) });
  const mountPoint = join(root, name);
  mkdirSync(mountPoint);
  const volume: Volume = { id: `uuid-${name}`, label: name, mountPoint, size: 1e9, free: 1e9, filesystem: 'vfat', writable: true, bus: 'usb', device: null };
  await auto.onVolumes([volume]);
  await auto.enable(volume, slow.url);
  await auto.onVolumes([]);
  return { auto, volume, outcomes };
}

describe('cancelling an automatic archive', () => {
  it('pulling the stick out mid-download cancels it: a plain outcome, nothing but the marker on the stick', async () => {
    const { auto, volume, outcomes } = await armed('PULLED');
    const running = auto.onVolumes([volume]); // plugged in: the slow pull starts
    await new Promise((r) => setTimeout(r, 1500));
    const removedAt = Date.now();
    await auto.onVolumes([]); // pulled out
    await running;
    expect(Date.now() - removedAt).toBeLessThan(1500);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ ok: false, label: 'PULLED', fileName: null, error: { code: 'cancelled', message: 'Cancelled. Nothing was written to the stick.' } });
    expect(readdirSync(volume.mountPoint)).toEqual([MARKER]);
  });

  it('stopping the app cancels it and waits for it to end', async () => {
    const { auto, volume, outcomes } = await armed('STOPPED');
    void auto.onVolumes([volume]);
    await new Promise((r) => setTimeout(r, 1500));
    const stoppedAt = Date.now();
    await auto.stop();
    expect(Date.now() - stoppedAt).toBeLessThan(1500);
    expect(outcomes).toMatchObject([{ ok: false, error: { code: 'cancelled' } }]);
    expect(readdirSync(volume.mountPoint)).toEqual([MARKER]);
  });
});
