import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { folderSnapshot } from '../../tests/helpers/assert';
import { archivedBackup } from '../../tests/helpers/archived-backup';
import { setQuiet } from '../log';
import { CANCELLED_AFTER_COMMIT, CANCELLED_BOX_UNCHANGED, restoreToBox, type RestoreStage } from './restore';

// A person cancels a restore: before the box commits, the box must stay exactly as it was.
setQuiet(true);
const fixture = archivedBackup('idbox-cancel-restore-');
const { root, boxes } = fixture;

/** A freshly reset box (an empty backup folder) behind a slow link. */
async function resetBox(name: string, throttleKbps?: number): Promise<ReferenceBox> {
  const box = await startReferenceBox({ dataDir: join(root, name), throttleKbps });
  boxes.push(box);
  return box;
}

describe('cancel a restore', () => {
  it('mid-upload on a slow box: stops within a second, says the box was left as it was, and the box folder is byte-identical (the unfinished stage is discarded)', async () => {
    const box = await resetBox('box-upload', 4);
    const before = folderSnapshot(box.dataDir);
    const namesBefore = readdirSync(box.dataDir);
    const controller = new AbortController();
    let cancelledAt = 0;
    const stages: RestoreStage[] = [];
    const err = await restoreToBox({
      archivePath: fixture.archive,
      boxUrl: box.url,
      backupId: fixture.seeded.backupId,
      replace: false,
      signal: controller.signal,
      onProgress: (stage, done, total) => {
        stages.push(stage);
        // Cancel once part of the upload is on the box (its unfinished stage exists), not all of it.
        if (stage === 'uploading' && !cancelledAt && done > 0 && total !== null && done < total) {
          cancelledAt = Date.now();
          controller.abort();
        }
      },
    }).catch((e: unknown) => e);
    expect(cancelledAt, `stages: ${stages.join(' ')}; ${String(err)}`).toBeGreaterThan(0);
    expect(Date.now() - cancelledAt).toBeLessThan(1500);
    expect(stages.at(-1)).toBe('uploading');
    expect(err).toMatchObject({ code: 'cancelled', message: CANCELLED_BOX_UNCHANGED });
    // The restore ends only once the box discarded the unfinished stage: the folder is as before at once.
    expect(folderSnapshot(box.dataDir)).toEqual(before);
    expect(readdirSync(box.dataDir)).toEqual(namesBefore);
    expect(box.violations, 'no request overlapped on the box').toEqual([]);
  });

  it('during the read-back, after the box committed: says honestly that the box already has the backup', async () => {
    const box = await resetBox('box-commit');
    const controller = new AbortController();
    const err = await restoreToBox({
      archivePath: fixture.archive,
      boxUrl: box.url,
      backupId: fixture.seeded.backupId,
      replace: false,
      signal: controller.signal,
      onProgress: (stage) => stage === 'verifying' && controller.abort(),
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'cancelled', message: CANCELLED_AFTER_COMMIT });
    expect(Object.keys(folderSnapshot(box.dataDir)).filter((p) => p.startsWith(`${fixture.seeded.backupId}/`)).length).toBeGreaterThan(0);
  });
});
