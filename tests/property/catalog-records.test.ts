import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { createCatalog, type CatalogEntry } from '../../services/archive/catalog';
import { createSettings } from '../../services/archive/settings';
import { setQuiet } from '../../services/log';
import { fakeCatalogEntry } from '../helpers/catalog-entry';

// The app's records survive one bad record: random valid catalog entries plus one that the reader
// refuses (written by an older version, a hand edit, a bug), anywhere in the file: every good entry
// is still listed, the bad one is kept in the side file, and nothing is "started fresh".
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-prop-catalog-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;

const label = fc.string({ minLength: 0, maxLength: 300, unit: 'grapheme' });
const goodEntry = fc.record({ name: fc.uuid(), label, kind: fc.constantFrom('stick' as const, 'folder' as const), failure: fc.option(fc.string({ maxLength: 400 }), { nil: null }) }).map(
  ({ name, label: l, kind, failure }): CatalogEntry => ({
    ...fakeCatalogEntry(name),
    // What the reader accepts: the writer cuts labels to 200 and messages to 500.
    place: { id: `vol:${name}`, label: l.slice(0, 200), kind },
    ...(failure === null ? {} : { lastFailure: { at: '2026-12-01T00:00:00.000Z', message: failure } }),
  }),
);
const badEntry = fc.oneof(
  fc.string({ minLength: 201, maxLength: 300 }).map((l) => ({ ...fakeCatalogEntry('bad-label'), place: { id: 'vol:x', label: l, kind: 'stick' } })),
  fc.constant({ ...fakeCatalogEntry('bad-sha'), sha256: 'not hex' }),
  fc.constant({ ...fakeCatalogEntry('bad-bytes'), bytes: -1 }),
  fc.constant(null),
  fc.constant('a string'),
  fc.constant({ path: 3 }),
);

describe('the catalog keeps every good record whatever one bad record holds', () => {
  it('random valid entries plus one bad one, anywhere: no good one is lost, the bad one is set aside alone', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(goodEntry, { minLength: 1, maxLength: 12, selector: (e) => e.path }), badEntry, fc.nat(), async (good, bad, at) => {
        const dir = join(root, `run-${n++}`);
        const archives: unknown[] = [...good];
        archives.splice(at % (good.length + 1), 0, bad);
        const catalog = createCatalog(dir);
        await catalog.forget('/nowhere'); // creates the folder
        writeFileSync(join(dir, 'catalog.json'), JSON.stringify({ version: 1, archives }));
        const listed = (await catalog.list()).map((e) => e.path).sort();
        expect(listed).toEqual(good.map((e) => e.path).sort());
        // Set aside alone: the side file holds it, the catalog on disk holds all the good ones.
        const aside = readFileSync(join(dir, 'catalog.json.set-aside.jsonl'), 'utf8').trim().split('\n');
        expect(aside).toHaveLength(1);
        expect(JSON.parse(aside[0]!).record).toEqual(bad);
        const onDisk = JSON.parse(readFileSync(join(dir, 'catalog.json'), 'utf8')) as { archives: CatalogEntry[] };
        expect(onDisk.archives.map((e) => e.path).sort()).toEqual(good.map((e) => e.path).sort());
      }),
      { numRuns: 40 },
    );
  });

  it('labels of any length written through the catalog read back (cut to 200 with an ellipsis), and no entry is lost', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.uuid(), label), { minLength: 1, maxLength: 8 }), async (items) => {
        const dir = join(root, `run-${n++}`);
        const catalog = createCatalog(dir);
        const paths = new Set<string>();
        for (const [name, l] of items) {
          const entry = fakeCatalogEntry(name);
          paths.add(entry.path);
          await catalog.recordCheck(entry.path, { at: new Date().toISOString(), failure: `The copy on ${l} failed: ${l}` }, entry);
          await catalog.recordSeen([{ path: entry.path, volume: { v: 1, id: `vol:${name}`, deviceOnly: false, mountPoint: '/media/stick', label: l, disk: { id: 'disk:sda', label: l } } }]);
        }
        const listed = await createCatalog(dir).list();
        expect(new Set(listed.map((e) => e.path))).toEqual(paths);
        for (const e of listed) {
          expect(e.volume!.label!.length).toBeLessThanOrEqual(200);
          expect(e.volume!.disk.label!.length).toBeLessThanOrEqual(200);
          expect(e.lastFailure!.message.length).toBeLessThanOrEqual(500);
        }
      }),
      { numRuns: 40 },
    );
  });

  it('a settings file with one bad value keeps every other setting and remembered box', async () => {
    const dir = join(root, 'settings');
    const plain = { description: 't', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
    const settings = createSettings(dir, plain);
    await settings.remember('http://a:3100', 'A'.repeat(86));
    await settings.remember('http://b:3100', 'B'.repeat(86));
    await settings.update((s) => (s.retention = 50));
    const file = JSON.parse(readFileSync(join(dir, 'settings.json'), 'utf8'));
    writeFileSync(join(dir, 'settings.json'), JSON.stringify({ ...file, staleDays: 'thirty', remembered: { ...file.remembered, 'http://c:3100': 42 } }));
    const s = await settings.load();
    expect(s.retention).toBe(50);
    expect(s.staleDays).toBe(30);
    expect(await settings.rememberedBackupId('http://a:3100')).toBe('A'.repeat(86));
    expect(await settings.rememberedBackupId('http://b:3100')).toBe('B'.repeat(86));
    const aside = readFileSync(join(dir, 'settings.json.set-aside.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l).record);
    expect(aside).toHaveLength(2);
    expect(aside).toEqual(expect.arrayContaining([{ remembered: { 'http://c:3100': 42 } }, { staleDays: 'thirty' }]));
  });
});
