import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { createCatalog } from '../archive/catalog';
import { createSettings } from '../archive/settings';
import { createAutomation, type AutomationOutcome } from '../drives/automation';
import type { Volume } from '../drives/parse';
import { setQuiet } from '../log';

setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-skip-'));
const entropy = new Uint8Array(32).fill(3);
const plain = { description: 'test', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
let box: ReferenceBox;
let seeded: SeededBackup;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true, entropy });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
  await createSettings(join(root, 'app'), plain).remember(box.url, seeded.backupId);
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

const archives = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.idbox')).sort();

describe('automatic archiving skips unchanged backups', () => {
  it('writes nothing when the stick already holds the current backup, and a fresh archive once the box changed or the copy is damaged', async () => {
    const outcomes: AutomationOutcome[] = [];
    const catalog = createCatalog(join(root, 'app'));
    const auto = createAutomation({ dataDir: join(root, 'app'), appName: 't', appVersion: '0', settings: createSettings(join(root, 'app'), plain), catalog, onOutcome: (o) => outcomes.push(o) });
    const mount = join(root, 'stick');
    mkdirSync(mount);
    const stick: Volume = { id: 'uuid-S', label: 'STICK', mountPoint: mount, size: 1e9, free: 1e9, filesystem: 'vfat', writable: true, bus: 'usb', device: null };
    const replug = async () => {
      await auto.onVolumes([]);
      await auto.onVolumes([stick]);
    };
    await auto.onVolumes([]);
    await auto.enable(stick, box.url);
    await replug();
    expect(outcomes.at(-1)).toMatchObject({ ok: true, upToDate: false });
    const first = archives(mount);
    expect(first).toHaveLength(1);
    const bytes = readFileSync(join(mount, first[0]!));

    // Unchanged box: nothing written, the existing copy re-read and recorded just now.
    const before = Date.now();
    await replug();
    expect(outcomes.at(-1)).toMatchObject({ ok: true, upToDate: true, fileName: first[0] });
    expect(archives(mount)).toEqual(first);
    expect(readFileSync(join(mount, first[0]!))).toEqual(bytes);
    expect(Date.parse((await catalog.list())[0]!.verifiedAt)).toBeGreaterThanOrEqual(before - 1000);

    // The box changed: a fresh archive.
    await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true, entropy });
    await new Promise((r) => setTimeout(r, 1100)); // archive names carry the second
    await replug();
    expect(outcomes.at(-1)).toMatchObject({ ok: true, upToDate: false });
    const second = archives(mount);
    expect(second).toHaveLength(2);

    // The current copy no longer reads back: it is flagged and a fresh one written.
    const newest = second.find((n) => !first.includes(n))!;
    const data = readFileSync(join(mount, newest));
    const header = data.indexOf(Buffer.from('backup/backup\0'));
    data[header + 512 + 5]! ^= 0x01;
    writeFileSync(join(mount, newest), data);
    await new Promise((r) => setTimeout(r, 1100));
    await replug();
    expect(outcomes.at(-1)).toMatchObject({ ok: true, upToDate: false });
    expect(archives(mount)).toHaveLength(3);
    expect((await catalog.list()).find((e) => e.fileName === newest)!.lastFailure?.message).toMatch(/damaged/);
  });
});
