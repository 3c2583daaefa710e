import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { CHUNK_BYTES } from '../../shared/box-protocol';
import { setQuiet } from '../log';
import { createCatalog } from './catalog';
import { pullToArchive } from './pull';

// A backup larger than one reply, from a slow box: the first reply alone takes a while, and the
// person used to see only "262 KB so far" with no percentage until it was in.
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-pull-total-'));
let box: ReferenceBox;
let seeded: SeededBackup;
let total: number;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true });
  // The bundle made bigger than one call's worth, so the first reply is a full one.
  writeFileSync(join(seeded.folder, 'backup'), randomBytes(Math.round(CHUNK_BYTES * 1.6)));
  total = readdirSync(seeded.folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .reduce((sum, e) => sum + statSync(join(e.parentPath, e.name)).size, 0);
  box = await startReferenceBox({ dataDir: join(root, 'box'), throttleKbps: 500 });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

describe('progress of a large pull from a slow box', () => {
  it('has the total from the first byte (the box announces the size before the download)', async () => {
    const dest = join(root, 'stick');
    mkdirSync(dest);
    const seen: { done: number; total: number | null }[] = [];
    await pullToArchive({
      boxUrl: box.url,
      backupId: seeded.backupId,
      destination: dest,
      appName: 'test',
      appVersion: '0',
      catalog: createCatalog(join(root, 'app')),
      retention: 2,
      onProgress: (stage, done, t) => {
        if (stage === 'downloading') seen.push({ done, total: t });
      },
    });
    // Updates while the first reply is still arriving (less than one call's worth is in).
    const early = seen.filter((s) => s.done > 0 && s.done < CHUNK_BYTES);
    expect(early.length, JSON.stringify(seen)).toBeGreaterThanOrEqual(2);
    for (const s of seen) expect(s.total, JSON.stringify(seen)).toBe(total);
  }, 60_000);

  it('takes the size from the box answer its caller already has (automation, schedule) instead of asking the box twice', async () => {
    const dest = join(root, 'stick-announced');
    mkdirSync(dest);
    const seen: (number | null)[] = [];
    // A size the box would never announce: seen only if the pull used this answer rather than asking again.
    const announced = { digest: 'a'.repeat(64), files: 3, bytes: 999_999, modified: null };
    await pullToArchive({
      boxUrl: box.url,
      backupId: seeded.backupId,
      destination: dest,
      appName: 'test',
      appVersion: '0',
      catalog: createCatalog(join(root, 'app')),
      retention: 2,
      announced,
      onProgress: (stage, _done, t) => {
        if (stage === 'downloading') seen.push(t);
      },
    });
    expect(seen[0]).toBe(999_999);
    // Once the box's file list is in, the real size replaces what was only shown.
    expect(seen.at(-1)).toBe(total);
  }, 60_000);
});
