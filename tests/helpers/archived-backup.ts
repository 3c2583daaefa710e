import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { createCatalog } from '../../services/archive/catalog';
import { pullToArchive } from '../../services/archive/pull';

export interface ArchivedBackup {
  root: string;
  seeded: SeededBackup;
  /** The archive pulled from the source box, on a "stick" folder under root. */
  archive: string;
  /** Every box started by the test (the source first); all are closed after the file's tests. */
  boxes: ReferenceBox[];
}

/**
 * A backup seeded on a source box and archived once, for tests that restore it: registers the
 * file's beforeAll/afterAll and fills the returned object before the first test runs.
 */
export function archivedBackup(prefix: string): ArchivedBackup {
  const fixture = { root: mkdtempSync(join(tmpdir(), prefix)), boxes: [] } as unknown as ArchivedBackup;
  beforeAll(async () => {
    const { root } = fixture;
    fixture.seeded = await seedBackup(join(root, 'source'), { identities: 2, peers: 3, fastKeys: true });
    const source = await startReferenceBox({ dataDir: join(root, 'source') });
    fixture.boxes.push(source);
    mkdirSync(join(root, 'stick'));
    fixture.archive = (
      await pullToArchive({ boxUrl: source.url, backupId: fixture.seeded.backupId, destination: join(root, 'stick'), appName: 't', appVersion: '0', catalog: createCatalog(join(root, 'app')), retention: 10 })
    ).path;
  });
  afterAll(async () => {
    for (const box of fixture.boxes) await box.close().catch(() => undefined);
    rmSync(fixture.root, { recursive: true, force: true });
  });
  return fixture;
}
