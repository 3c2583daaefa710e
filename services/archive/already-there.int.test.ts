import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { setQuiet } from '../log';
import { alreadyThere } from './already-there';
import { createCatalog } from './catalog';
import { pullToArchive } from './pull';

// "Already there, verified just now" may only be said of the very file the app just read back.
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-already-'));
let box: ReferenceBox;
let seeded: SeededBackup;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 1, peers: 1, fastKeys: true });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

describe('already there', () => {
  it('finds the archive just written; not another file put under its name (another stick at the same mount point)', async () => {
    const catalog = createCatalog(join(root, 'app'));
    const stick = join(root, 'stick');
    const other = join(root, 'other-stick');
    mkdirSync(stick);
    mkdirSync(other);
    const pull = (destination: string, at: string) =>
      pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination, appName: 't', appVersion: '0', catalog, retention: 10, now: () => new Date(at) });
    const ask = () => alreadyThere({ boxUrl: box.url, backupId: seeded.backupId, directory: stick, catalog, demoBackupId: null, sealing: false, volumes: [] });
    const written = await pull(stick, '2026-12-01T10:00:00Z');
    expect((await ask()).found?.entry.path).toBe(written.path);
    // The same backup archived at another time elsewhere, then copied over the first under its name.
    const later = await pull(other, '2026-12-02T10:00:00Z');
    copyFileSync(later.path, written.path);
    expect((await ask()).found).toBeNull();
  });
});
