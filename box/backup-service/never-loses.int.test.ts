import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKUP_SERVICE } from '../../shared/box-protocol';
import { createCatalog } from '../../services/archive/catalog';
import { pullToArchive } from '../../services/archive/pull';
import { createBoxClient } from '../../services/box/client';
import { setQuiet } from '../../services/log';
import { restoreToBox } from '../../services/restore/restore';
import { codeOf } from '../../tests/helpers/assert';
import { floodIsRefused, fourCancelsLeaveNothing, junkReplaceKeepsTheCopy, raw, restoreOverNewerKeepsIt, seedFor, slowerLinkStillFinishes, type BoxUnderTest } from '../../tests/helpers/box-scenarios';
import { startReferenceBox, type ReferenceBox } from '../reference-box';

// Issue #22 on the reference box (the service in-process behind the reference rendezvous); the same
// scenarios run against the installed package under each Node in package.int.test.ts.
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-keeps-'));
const boxes: ReferenceBox[] = [];
afterAll(async () => {
  for (const b of boxes) await b.close();
  rmSync(root, { recursive: true, force: true });
});

async function boxFor(name: string, options: Partial<Parameters<typeof startReferenceBox>[0]> = {}): Promise<BoxUnderTest & { box: ReferenceBox }> {
  let log = '';
  const dataDir = join(root, name, 'backups');
  const box = await startReferenceBox({ dataDir, log: (l) => (log += `${l}\n`), ...options });
  boxes.push(box);
  return { url: box.url, dataDir, log: () => log, box };
}

describe('the box never loses a backup (reference box)', () => {
  it('a junk replace by two raw calls leaves the previous copy listed with its digest and exportable byte for byte', async () => {
    const box = await boxFor('junk');
    await junkReplaceKeepsTheCopy(box, await seedFor(box.dataDir));
  });

  it("the app's restore of an older archive over a newer copy keeps the newer one, and it can be put back", async () => {
    const box = await boxFor('older');
    await restoreOverNewerKeepsIt(box, await seedFor(box.dataDir), join(root, 'older'));
  });

  it('keeps the last 5 versions of an id, never fewer than one', async () => {
    const box = await boxFor('five', { backupService: { versionsKept: 5 } });
    const seeded = await seedFor(box.dataDir);
    for (let i = 0; i < 7; i++) await junkReplaceKeepsTheCopy(box, seeded).catch(() => undefined);
    expect((await createBoxClient(box.url).backupVersions(seeded.backupId)).map((v) => v.version)).toEqual([3, 4, 5, 6, 7]);
  });

  it('a flood declaration is refused at its first call, nothing staged, while about keeps answering', async () => {
    const box = await boxFor('flood');
    await floodIsRefused(box, (await seedFor(box.dataDir)).backupId);
  });

  it('an upload slower than 10 minutes in total, but never idle for 10, completes; one idle for 10 expires', async () => {
    let clock = Date.now();
    const box = await boxFor('idle', { backupService: { now: () => clock } });
    const { backupId } = await seedFor(box.dataDir);
    const data = Buffer.from('x'.repeat(30));
    const sha = (await import('node:crypto')).createHash('sha256').update(data).digest('hex');
    const files = [{ path: 'backup', size: 30, sha256: sha }];
    const first = await raw(box.url, 'import-backup', [{ backupId, files, chunks: [], final: false }]);
    const { uploadId } = first.params![0] as { uploadId: string };
    for (let i = 0; i < 3; i++) {
      clock += 4 * 60_000; // 12 minutes in all, never 10 without a call
      const part = await raw(box.url, 'import-backup', [{ backupId, files, chunks: [{ path: 'backup', offset: i * 10, contentBase64: data.subarray(i * 10, i * 10 + 10).toString('base64') }], uploadId, final: false }]);
      expect(part.method, JSON.stringify(part)).toBe('import-backup-response');
    }
    clock += 4 * 60_000;
    const done = await raw(box.url, 'import-backup', [{ backupId, files, chunks: [], uploadId, final: true, replace: true }]);
    expect(done.params![0]).toMatchObject({ written: 1 });

    const idle = await raw(box.url, 'import-backup', [{ backupId, files, chunks: [], final: false }]);
    clock += 10 * 60_000 + 1;
    const late = await raw(box.url, 'import-backup', [{ backupId, files, chunks: [], uploadId: (idle.params![0] as { uploadId: string }).uploadId, final: false }]);
    expect(late.params![0]).toMatchObject({ message: 'unknown or expired upload' });
  });

  it('four cancels in a row during uploads leave no stage and no "internal error"', async () => {
    const box = await boxFor('cancels', { throttleKbps: 20 });
    await fourCancelsLeaveNothing(box, await seedFor(box.dataDir), join(root, 'cancels'));
    expect(box.box.violations).toEqual([]);
  }, 120_000);

  it('a link that drops from 40 to 3 KB/s mid-restore still finishes', async () => {
    const box = await boxFor('slower', { throttleKbps: 40 });
    await slowerLinkStillFinishes(box, await seedFor(box.dataDir), join(root, 'slower'), (kbps) => box.box.setThrottleKbps!(kbps));
  }, 180_000);

  it('a stopped backup-service is reported by pull and restore long before the 45 s reply wait', async () => {
    const box = await boxFor('stopped');
    const seeded = await seedFor(box.dataDir);
    const stick = join(root, 'stopped', 'stick');
    (await import('node:fs')).mkdirSync(stick);
    const pulled = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: stick, appName: 't', appVersion: '0', catalog: createCatalog(join(root, 'stopped', 'app')), retention: 10 });
    await box.box.close();
    const hung = await startReferenceBox({ dataDir: box.dataDir, hangServices: [BACKUP_SERVICE] });
    boxes.push(hung);
    for (const run of [
      () => pullToArchive({ boxUrl: hung.url, backupId: seeded.backupId, destination: stick, appName: 't', appVersion: '0', catalog: createCatalog(join(root, 'stopped', 'app')), retention: 10 }),
      () => restoreToBox({ archivePath: pulled.path, boxUrl: hung.url, backupId: seeded.backupId, replace: true }),
    ]) {
      const started = Date.now();
      expect(await codeOf(run())).toBe('service-not-answering');
      // About 10 s (the short `about`); the 45 s reply wait would be far past this generous bound.
      expect(Date.now() - started).toBeLessThan(30_000);
    }
  }, 120_000);
});
