import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../../box/reference-box';
import { seedBackup } from '../../../box/seed';
import { createCatalog } from '../archive/catalog';
import { createSettings } from '../archive/settings';
import { setQuiet } from '../log';
import { createAutomation, MARKER, type AutomationOutcome } from './automation';
import type { Volume } from './parse';

setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-auto-'));
let box: ReferenceBox;
const plain = { description: 'test', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
beforeAll(async () => {
  await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true }).then(async (s) => {
    box = await startReferenceBox({ dataDir: join(root, 'box') });
    await createSettings(join(root, 'app'), plain).remember(box.url, s.backupId);
  });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

const stick = (name: string): Volume => {
  const mountPoint = join(root, name);
  mkdirSync(mountPoint, { recursive: true });
  return { id: `uuid-${name}`, label: name, mountPoint, size: 1e9, free: 1e9, filesystem: 'vfat', writable: true, bus: 'usb', device: null };
};

describe('automatic archive on plug-in', () => {
  it('archives to a remembered stick when it is plugged in again, and only then', async () => {
    const outcomes: AutomationOutcome[] = [];
    const settings = createSettings(join(root, 'app'), plain);
    const auto = createAutomation({ dataDir: join(root, 'app'), appName: 't', appVersion: '0', settings, catalog: createCatalog(join(root, 'app')), onOutcome: (o) => outcomes.push(o) });
    const mine = stick('MYSTICK');
    const other = stick('OTHER');
    await auto.onVolumes([mine]);
    await auto.enable(mine, box.url);
    expect(readdirSync(mine.mountPoint)).toContain(MARKER);

    await auto.onVolumes([]); // unplugged
    await auto.onVolumes([{ ...mine, id: 'changed-id' }, other]); // plugged in again (found by its marker) + a stranger
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ ok: true, label: 'MYSTICK' });
    expect(readdirSync(mine.mountPoint).filter((n) => n.endsWith('.idbox'))).toHaveLength(1);
    expect(readdirSync(other.mountPoint)).toEqual([]);

    await auto.onVolumes([{ ...mine, id: 'changed-id' }, other]); // still plugged in: nothing new
    expect(outcomes).toHaveLength(1);
  });

  it('says plainly when the box cannot be reached', async () => {
    const outcomes: AutomationOutcome[] = [];
    const settings = createSettings(join(root, 'app2'), plain);
    await settings.remember('http://127.0.0.1:1', `${'A'.repeat(85)}A`);
    const auto = createAutomation({ dataDir: join(root, 'app2'), appName: 't', appVersion: '0', settings, catalog: createCatalog(join(root, 'app2')), onOutcome: (o) => outcomes.push(o) });
    const s = stick('AWAY');
    await auto.onVolumes([]);
    await auto.enable(s, 'http://127.0.0.1:1');
    await auto.onVolumes([s]);
    expect(outcomes[0]).toMatchObject({ ok: false, error: { code: 'box-unreachable' } });
  });
});
