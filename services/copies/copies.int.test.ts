import { recipientFromMnemonic } from '../../shared/archive/seal-key';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { summarizeCopies } from '../../shared/copies/model';
import { createCatalog, type Catalog } from '../archive/catalog';
import { pullToArchive } from '../archive/pull';
import { createSettings } from '../archive/settings';
import type { Volume } from '../drives/parse';
import { main } from '../../cli/main';
import { captureIO } from '../../tests/helpers/assert';
import { setQuiet } from '../log';
import { gatherCopies } from './gather';
import { createScrub, type ScrubSummary } from './scrub';

setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-copies-'));
const entropy = new Uint8Array(32).fill(9);
const plain = { description: 'plain', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
let box: ReferenceBox;
let seeded: SeededBackup;
let catalog: Catalog;
const settings = createSettings(join(root, 'app'), plain);

const stick = (name: string): Volume => {
  const mountPoint = join(root, name);
  mkdirSync(mountPoint, { recursive: true });
  return { id: `id-${name}`, label: name.toUpperCase(), mountPoint, size: null, free: null, filesystem: 'test', writable: true, bus: 'usb', device: null };
};
let clock = Date.parse('2026-11-20T10:00:00Z');
const pull = (v: Volume) => {
  clock += 60_000;
  const when = new Date(clock);
  return pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, recipient: recipientFromMnemonic(seeded.mnemonic), destination: v.mountPoint, appName: 't', appVersion: '0', catalog, retention: 10, now: () => when, removable: true, volumes: [v] });
};

beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 2, peers: 1, fastKeys: true, entropy });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
  catalog = createCatalog(join(root, 'app'));
  // Remembered with the words' recipient, as the app does today: its archives are sealed (format 2).
  await settings.remember(box.url, seeded.backupId, false, recipientFromMnemonic(seeded.mnemonic));
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

const view = async (volumes: Volume[]) =>
  summarizeCopies(await gatherCopies({ catalog, settings, volumes: async () => volumes, demoBackupId: async () => null }, 30));

/** Flips one byte inside the content of the archive's `backup` member (not its header or padding). */
function flipByte(path: string) {
  const data = readFileSync(path);
  const header = data.indexOf(Buffer.from('backup/backup\0'));
  expect(header % 512).toBe(0);
  data[header + 512 + 10]! ^= 0x01;
  writeFileSync(path, data);
}

describe('copies against the reference box', () => {
  const kingston = stick('kingston');
  const sandisk = stick('sandisk');

  it('counts volumes, not archives; a changed box marks every copy "older"', async () => {
    await pull(kingston);
    await pull(kingston);
    await pull(sandisk);
    const v = await view([kingston, sandisk]);
    expect(v.headline).toBe('2 up-to-date copies: KINGSTON and SANDISK');
    expect(v.backups[0]!.copies).toHaveLength(3);

    // Unplugged sticks keep their names (learned while attached) and still count.
    expect((await view([])).headline).toBe('2 up-to-date copies: KINGSTON and SANDISK');

    await seedBackup(join(root, 'box'), { identities: 2, peers: 1, fastKeys: true, entropy });
    const changed = await view([kingston, sandisk]);
    expect(changed.backups[0]!.copies.map((c) => c.state)).toEqual(['older', 'older', 'older']);
    expect(changed.backups[0]!.warnings.map((w) => w.code)).toEqual(['box-changed']);
    expect(changed.headline).toMatch(/^Box changed since your last copy: /);

    await pull(sandisk);
    expect((await view([kingston, sandisk])).headline).toBe('1 up-to-date copy: SANDISK');
  });

  it('scrub flags a copy with one flipped byte, newest first, and leaves the others verified', async () => {
    const usb = stick('usb');
    const good = await pull(usb);
    const bad = await pull(usb);
    flipByte(bad.path);
    const summaries: ScrubSummary[] = [];
    const scrub = createScrub({ catalog, volumes: async () => [usb], pauseMs: 0, onDone: (s) => summaries.push(s) });
    scrub.onVolumes([usb]);
    await scrub.idle();
    expect(summaries).toEqual([{ label: 'USB', checked: 2, failed: 1, skipped: 0, notRestorable: 0, interrupted: false }]);
    const entries = await catalog.list();
    expect(entries.find((e) => e.path === bad.path)!.lastFailure?.message).toMatch(/damaged/);
    expect(entries.find((e) => e.path === good.path)!.lastFailure ?? null).toBeNull();
    const v = await view([usb]);
    expect(v.backups[0]!.warnings.find((w) => w.code === 'failed')).toMatchObject({ path: bad.path, nextStep: expect.stringMatching(/stick may be failing/) });
  });

  it('a copy on a stick removed mid-scrub is left unflagged', async () => {
    const loose = stick('loose');
    const paths = [(await pull(loose)).path, (await pull(loose)).path, (await pull(loose)).path];
    let attached = true;
    const checked: string[] = [];
    const removing: Catalog = {
      ...catalog,
      recordCheck: async (...args) => {
        await catalog.recordCheck(...args);
        checked.push(args[0]);
        if (checked.length === 1) {
          rmSync(loose.mountPoint, { recursive: true, force: true });
          attached = false;
        }
      },
    };
    const summaries: ScrubSummary[] = [];
    const scrub = createScrub({ catalog: removing, volumes: async () => (attached ? [loose] : []), pauseMs: 0, onDone: (s) => summaries.push(s) });
    scrub.onVolumes([loose]);
    await scrub.idle();
    expect(checked).toEqual([paths[2]]);
    expect(summaries).toEqual([{ label: 'LOOSE', checked: 1, failed: 0, skipped: 2, notRestorable: 0, interrupted: true }]);
    for (const e of (await catalog.list()).filter((x) => paths.includes(x.path))) expect(e.lastFailure ?? null).toBeNull();
  });

  it('`idbox verify --record` writes each outcome into the catalog, so the app shows a failing copy too', async () => {
    const cli = stick('cli');
    const good = await pull(cli);
    const bad = await pull(cli);
    flipByte(bad.path);
    const before = process.env.IDBOX_DATA_DIR;
    process.env.IDBOX_DATA_DIR = join(root, 'app');
    try {
      const { io, out } = captureIO();
      expect(await main(['verify', cli.mountPoint, '--record'], io)).toBe(1);
      expect(out.join('\n')).toMatch(/Recorded in the catalog: 2 of 2/);
    } finally {
      if (before === undefined) delete process.env.IDBOX_DATA_DIR;
      else process.env.IDBOX_DATA_DIR = before;
    }
    const entries = await catalog.list();
    expect(entries.find((e) => e.path === bad.path)!.lastFailure?.message).toMatch(/did not read back intact/);
    expect(entries.find((e) => e.path === good.path)!.lastFailure ?? null).toBeNull();
  });
});
