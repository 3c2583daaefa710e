import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { AppError } from '../../shared/errors';
import { folderSnapshot } from '../../tests/helpers/assert';
import { setQuiet } from '../log';
import { createCatalog } from './catalog';
import { pullToArchive, type PullStage } from './pull';

// A person presses Cancel on a slow box: the pull must stop at once and leave the stick as it was.
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-cancel-pull-'));
let slow: ReferenceBox;
let fast: ReferenceBox;
let seeded: SeededBackup;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 2, peers: 3, fastKeys: true });
  // About 16 KB of backup, some 28 KB on the wire: 7 s or more at 4 KB/s.
  slow = await startReferenceBox({ dataDir: join(root, 'box'), throttleKbps: 4 });
  fast = await startReferenceBox({ dataDir: join(root, 'box') });
});
afterAll(async () => {
  await slow.close();
  await fast.close();
  rmSync(root, { recursive: true, force: true });
});

/** The sizes of the backup's files on the box. */
function seededSizes(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [path, data] of Object.entries(folderSnapshot(seeded.folder))) out[path] = Buffer.from(data, 'base64').length;
  return out;
}

function pull(box: ReferenceBox, dest: string, controller: AbortController, onProgress: (stage: PullStage, done: number, total: number | null) => void) {
  mkdirSync(dest);
  return pullToArchive({
    boxUrl: box.url,
    backupId: seeded.backupId,
    destination: dest,
    removable: true,
    appName: 'test',
    appVersion: '0',
    catalog: createCatalog(join(dest, '..', 'app')),
    retention: 10,
    signal: controller.signal,
    onProgress,
  });
}

describe('cancel a pull', () => {
  it('mid-download on a slow box: stops within a second, says so, and leaves no file on the stick', async () => {
    const dest = join(root, 'stick-download');
    const controller = new AbortController();
    const amounts: number[] = [];
    const totals = new Set<number | null>();
    let cancelledAt = 0;
    const pending = pull(slow, dest, controller, (stage, done, total) => {
      if (stage !== 'downloading') return;
      amounts.push(done);
      if (done > 0) totals.add(total);
      // Cancel once the amount has visibly moved a few times but the download is far from done.
      if (!cancelledAt && total !== null && new Set(amounts).size >= 3 && done < total * 0.8) {
        cancelledAt = Date.now();
        controller.abort();
      }
    });
    const err = await pending.catch((e: unknown) => e);
    const stoppedAfter = Date.now() - cancelledAt;
    expect(cancelledAt, `amounts seen: ${amounts.join(' ')}`).toBeGreaterThan(0);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'cancelled', message: 'Cancelled. Nothing was written to the stick.' });
    // Within 1 s, with room for a loaded test machine.
    expect(stoppedAfter).toBeLessThan(1500);
    // The amount moved during the download, before the box's reply was complete, only forwards,
    // against one total read from the reply's header (about the 16 KB the backup holds).
    expect(new Set(amounts).size).toBeGreaterThan(2);
    expect(amounts).toEqual([...amounts].sort((a, b) => a - b));
    expect(totals.size).toBe(1);
    const [total] = [...totals];
    const actual = Object.values(seededSizes()).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(actual * 0.85);
    expect(total).toBeLessThan(actual * 1.15);
    expect(readdirSync(dest)).toEqual([]);
  });

  it('the stick pulled out mid-download: the pull stops within a few seconds (not when the write finds it gone) and says so as a stick', async () => {
    const dest = join(root, 'stick-pulled-out');
    const controller = new AbortController();
    let pulledAt = 0;
    let total: number | null = null;
    let last = 0;
    const err = await pull(slow, dest, controller, (stage, done, t) => {
      if (stage !== 'downloading') return;
      total = t;
      last = done;
      if (!pulledAt && t !== null && done > 0 && done < t * 0.6) {
        pulledAt = Date.now();
        rmSync(dest, { recursive: true, force: true }); // the stick is gone, mount point and all
      }
    }).catch((e: unknown) => e);
    expect(pulledAt).toBeGreaterThan(0);
    expect(err).toMatchObject({ code: 'destination-missing', message: `The stick at "${dest}" is not there any more (was it pulled out?). No archive was written to it. Plug it in again, then archive again.` });
    // Stopped well before the rest of the download (seconds more at 4 KB/s) had arrived.
    expect(last).toBeLessThan(total!);
    expect(Date.now() - pulledAt).toBeLessThan(5000);
  });

  it('during the read-back: the file that was already renamed is removed again', async () => {
    const dest = join(root, 'stick-verify');
    const controller = new AbortController();
    const stages: PullStage[] = [];
    const err = await pull(fast, dest, controller, (stage) => {
      stages.push(stage);
      if (stage === 'verifying') controller.abort();
    }).catch((e: unknown) => e);
    expect(stages).toContain('verifying');
    expect(err).toMatchObject({ code: 'cancelled', message: 'Cancelled. Nothing was written to the stick.' });
    expect(readdirSync(dest)).toEqual([]);
  });

  it('a cancel that comes too late (after the archive was verified and recorded) changes nothing: the archive is kept', async () => {
    const dest = join(root, 'stick-late');
    const controller = new AbortController();
    const result = await pull(fast, dest, controller, (stage) => {
      if (stage === 'done') controller.abort();
    });
    expect(readdirSync(dest)).toEqual([result.fileName]);
  });
});
