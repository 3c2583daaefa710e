import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReferenceBox } from '../../box/reference-box';
import { AppError } from '../../shared/errors';
import { createCatalog } from '../archive/catalog';
import { pullToArchive } from '../archive/pull';
import { archivedBackup } from '../../tests/helpers/archived-backup';
import { setQuiet } from '../log';
import { restoreToBox } from '../restore/restore';

// A box switched off in the middle of a transfer: the person reads how far it got and what that
// left, in the words of the operation they started (a restore is not an archive).
setQuiet(true);
const fixture = archivedBackup('idbox-how-far-');
const { root, boxes } = fixture;

const failure = async (run: Promise<unknown>) => {
  const err = await run.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
};

describe('a box that stops answering midway', () => {
  it('mid-restore: says how far the upload got and that the box was left as it was, not "lost before it answered"', async () => {
    const box = await startReferenceBox({ dataDir: join(root, 'reset-box'), throttleKbps: 4 });
    boxes.push(box);
    let stopping: Promise<void> | null = null;
    const err = await failure(
      restoreToBox({
        archivePath: fixture.archive,
        boxUrl: box.url,
        backupId: fixture.seeded.backupId,
        replace: false,
        onProgress: (stage, done, total) => {
          if (stage === 'uploading' && done > 0 && total !== null && done < total) stopping ??= box.close();
        },
      }),
    );
    await stopping;
    expect(err.message).toMatch(/stopped answering after [\d.]+ (KB|bytes|B) of [\d.]+ (KB|MB) had been sent\. The box was left as it was\.$/);
    expect(err.message).not.toMatch(/before it answered|Nothing was written/);
  });

  it('mid-archive: says how far the download got and that nothing was written', async () => {
    const slow = await startReferenceBox({ dataDir: join(root, 'source'), throttleKbps: 4 });
    boxes.push(slow);
    mkdirSync(join(root, 'stick2'));
    let stopping: Promise<void> | null = null;
    const err = await failure(
      pullToArchive({
        boxUrl: slow.url,
        backupId: fixture.seeded.backupId,
        destination: join(root, 'stick2'),
        appName: 't',
        appVersion: '0',
        catalog: createCatalog(join(root, 'app2')),
        retention: 10,
        removable: true,
        onProgress: (stage, done, total) => {
          if (stage === 'downloading' && done > 0 && total !== null && done < total) stopping ??= slow.close();
        },
      }),
    );
    await stopping;
    expect(err.message).toMatch(/stopped answering after [\d.]+ (KB|bytes|B) of [\d.]+ (KB|MB) had arrived\. Nothing was written to the stick\.$/);
    expect(err.message).not.toMatch(/before it answered|left as it was/);
  });
});

describe('a restore\u2019s progress counts against one whole', () => {
  it('upload and read-back count the same bytes against the same total, never more than it', async () => {
    const box = await startReferenceBox({ dataDir: join(root, 'reset-box-2') });
    boxes.push(box);
    const seen: { stage: string; done: number; total: number | null }[] = [];
    await restoreToBox({ archivePath: fixture.archive, boxUrl: box.url, backupId: fixture.seeded.backupId, replace: false, onProgress: (stage, done, total) => seen.push({ stage, done, total }) });
    const moving = seen.filter((p) => p.stage === 'uploading' || p.stage === 'verifying');
    expect(moving.some((p) => p.stage === 'verifying' && p.done > 0)).toBe(true);
    const whole = moving[0]!.total;
    expect(whole).toBeGreaterThan(0);
    for (const p of moving) {
      expect(p.total, `${p.stage} counts against the backup's size`).toBe(whole);
      expect(p.done).toBeLessThanOrEqual(whole!);
    }
  });
});
