import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { main } from '../../cli/main';
import { createCatalog } from '../../services/archive/catalog';
import { pullToArchive } from '../../services/archive/pull';
import { createSettings } from '../../services/archive/settings';
import { gatherCopies } from '../../services/copies/gather';
import { createSchedule } from '../../services/copies/schedule';
import { setQuiet } from '../../services/log';
import { summarizeCopies } from '../../shared/copies/model';
import { captureIO } from '../helpers/assert';

// The box's backup folder after an interrupted phone backup (identity-box.md §4): the bundle and
// the DID documents are there, the key files are gone. Here they were removed by hand, with three
// complete archives of the same backup already in the person's Backups folder.
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-keys-removed-'));
const app = join(root, 'app');
const boxData = join(root, 'box');
const backups = join(root, 'Backups');
const plain = { description: 'test', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
const settings = createSettings(app, plain);
const catalog = createCatalog(app);
const DAY = 24 * 60 * 60 * 1000;
let box: ReferenceBox;
let seeded: SeededBackup;
let words: string;
let complete: string[];

beforeAll(async () => {
  process.env.IDBOX_DATA_DIR = app;
  seeded = await seedBackup(boxData, { identities: 2, legacy: 2, fastKeys: true });
  box = await startReferenceBox({ dataDir: boxData });
  words = join(root, 'words.txt');
  writeFileSync(words, seeded.mnemonic);
  mkdirSync(backups);
  await settings.remember(box.url, seeded.backupId);
  await settings.update((s) => {
    s.retention = 3;
    s.scheduleHours = 1;
  });
  complete = [];
  for (const daysAgo of [3, 2, 1]) {
    const now = () => new Date(Date.now() - daysAgo * DAY);
    const r = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: backups, appName: 't', appVersion: '0', catalog, retention: 3, now });
    expect(r.verdict.status).toBe('ok');
    complete.push(r.path);
  }
  for (const name of readdirSync(seeded.folder)) if (name.endsWith('.pem')) rmSync(join(seeded.folder, name));
}, 60_000);
afterAll(async () => {
  await box.close();
  delete process.env.IDBOX_DATA_DIR;
  rmSync(root, { recursive: true, force: true });
});

describe("a box whose key files were removed by hand", () => {
  it('idbox pull keeps every byte the box had, says in one sentence that it cannot bring the identities back, and exits 1', async () => {
    const out = join(root, 'cli');
    mkdirSync(out);
    const c = captureIO();
    expect(await main(['pull', '--box', box.url, '--mnemonic-file', words, '--to', out, '--json'], c.io)).toBe(1);
    const result = JSON.parse(c.out.join('')) as { archive: string; complete: boolean; status: string; reasons: string[]; nextStep: string; files: number };
    expect(result).toMatchObject({ complete: false, status: 'incomplete', files: 1 + 4 });
    expect(existsSync(result.archive)).toBe(true);
    expect(result.reasons[0]).toMatch(/^Archived, but your box's backup is incomplete: this copy cannot bring all your identities back\. There are 0 key files but 4 DID documents/);
    // The shrink guard, against the newest complete copy (made yesterday).
    expect(result.reasons[1]).toMatch(/^Your box's backup has 4 fewer identities than your copy of \d{1,2} [A-Z][a-z]+( \d{4})?\.$/);
    expect(result.nextStep).toMatch(/make a new backup to your box/);

    const text = captureIO();
    expect(await main(['pull', '--box', box.url, '--mnemonic-file', words, '--to', out], text.io)).toBe(1);
    const printed = text.out.join('\n');
    expect(printed.split('\n')[0]).toMatch(/^Archived, but your box's backup is incomplete/);
    expect(printed).not.toMatch(/Archived and verified/);
    expect(printed).toMatch(/Complete: +no: Incomplete: files are missing/);
    expect(printed).not.toMatch(/Verified:/);
  }, 60_000);

  it('idbox verify agrees with idbox inspect, and --record keeps the verdict without calling the stick failing', async () => {
    const out = join(root, 'cli');
    const c = captureIO();
    expect(await main(['verify', out, '--record'], c.io)).toBe(1);
    const lines = c.out.join('\n').split('\n').filter((l) => l.startsWith('BAD '));
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(/: Incomplete: files are missing\. There are 0 key files but 4 DID documents/);
    const inspected = captureIO();
    expect(await main(['inspect', out, '--json'], inspected.io)).toBe(1);
    for (const r of JSON.parse(inspected.out.join('')) as { status: string }[]) expect(r.status).toBe('incomplete');
    for (const entry of (await catalog.list()).filter((e) => e.directory === out)) {
      expect(entry.lastFailure ?? null).toBeNull();
      expect(entry.content).toMatchObject({ status: 'incomplete', keyFiles: 0, didDocuments: 4, bundle: true });
    }
  });

  it('Copies counts no up-to-date copy: the archive of the incomplete backup is "Incomplete", the complete ones "Older"', async () => {
    const view = summarizeCopies(await gatherCopies({ catalog, settings, volumes: async () => [], demoBackupId: async () => null }, 30));
    const backup = view.backups.find((b) => !b.demo)!;
    expect(backup.currentPlaces).toEqual([]);
    expect(backup.copies.filter((c) => c.counts)).toEqual([]);
    expect(backup.copies.some((c) => c.state === 'current')).toBe(false);
    expect(backup.copies.filter((c) => c.state === 'incomplete').length).toBeGreaterThan(0);
    expect(backup.headline).not.toMatch(/^\d+ up-to-date/);
    expect(backup.warnings.map((w) => w.code)).toContain('not-restorable');
  });

  it('twelve scheduled runs, the interrupted backup changing between them, leave every complete archive in place and never announce a good copy', async () => {
    let clock = Date.now();
    const messages: string[] = [];
    const schedule = createSchedule({ dataDir: app, appName: 't', appVersion: '0', settings, catalog, volumes: async () => [], onResult: (m) => messages.push(m), now: () => clock });
    const doc = readdirSync(join(seeded.folder, 'did-docs'))[0]!;
    const original = readFileSync(join(seeded.folder, 'did-docs', doc), 'utf8');
    let written = 0;
    for (let run = 1; run <= 12; run++) {
      // The phone tries again and is interrupted again: the box's (still incomplete) backup differs each time.
      writeFileSync(join(seeded.folder, 'did-docs', doc), `${original}${' '.repeat(run)}`);
      written += (await schedule.tick()).length;
      clock += 60 * 60 * 1000;
    }
    expect(written).toBeGreaterThanOrEqual(12);
    for (const path of complete) expect(existsSync(path), path).toBe(true);
    // Retention (keep 3) still bounds the incomplete copies among themselves.
    expect(readdirSync(backups).filter((n) => n.endsWith('.idbox')).length).toBeLessThanOrEqual(3 + 3);
    expect(messages.length).toBe(written);
    for (const m of messages) {
      expect(m).not.toMatch(/fresh verified copy/);
      expect(m).toMatch(/cannot bring all your identities back/);
    }
  }, 120_000);
});
