import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { archiveFileName } from '../../shared/archive/manifest';
import { backupRef, createCatalog } from '../../services/archive/catalog';
import { createSettings } from '../../services/archive/settings';
import { setQuiet } from '../../services/log';
import { captureIO } from '../../tests/helpers/assert';
import { main } from '../main';

/**
 * One retention setting: a scripted `idbox pull` keeps as many archives as the person set in the
 * app (shared data folder), or `--keep N`, and says how many older archives it retired.
 */
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-cli-retention-'));
const data = join(root, 'data');
const plain = { description: 'plain', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
let box: ReferenceBox;
let seeded: SeededBackup;
const previous = process.env.IDBOX_DATA_DIR;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
  process.env.IDBOX_DATA_DIR = data;
});
afterAll(async () => {
  process.env.IDBOX_DATA_DIR = previous;
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

/** A folder with `count` older verified archives of the backup, known to the catalog. */
async function folderWithArchives(name: string, count: number): Promise<string> {
  const dir = join(root, name);
  mkdirSync(dir);
  const catalog = createCatalog(data);
  for (let i = 0; i < count; i++) {
    const createdAt = new Date(Date.parse('2026-10-01T10:00:00Z') + i * 86_400_000);
    const fileName = archiveFileName(seeded.backupId, createdAt);
    writeFileSync(join(dir, fileName), 'an older archive');
    await catalog.record(
      { path: join(dir, fileName), directory: dir, fileName, backupIdPrefix: seeded.backupId.slice(0, 8), backupRef: backupRef(seeded.backupId), sourceBox: box.url, createdAt: createdAt.toISOString(), bytes: 16, sha256: 'a'.repeat(64), verifiedAt: createdAt.toISOString(), cacheBypassed: false, filesystem: 'ext4', demo: false, removable: false },
      1000,
    );
  }
  return dir;
}

const archivesIn = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.idbox'));

describe('idbox pull keeps what the person set', () => {
  it('with "keep 50" in the app, a scripted pull into a folder of 12 archives retires none, and says so', async () => {
    await createSettings(data, plain).update((s) => (s.retention = 50));
    const dir = await folderWithArchives('keep-50', 12);
    const c = captureIO();
    expect(await main(['pull', '--box', box.url, '--backup-id', seeded.backupId, '--to', dir], c.io), c.err.join('\n')).toBe(0);
    expect(archivesIn(dir)).toHaveLength(13);
    expect(c.out.join('\n')).toMatch(/Retired: +none \(this folder keeps 50\)/);
  });

  it('--keep 5 wins over the setting: it retires 8 of 12 and says how many, in text and in JSON', async () => {
    const dir = await folderWithArchives('keep-5', 12);
    const c = captureIO();
    expect(await main(['pull', '--box', box.url, '--backup-id', seeded.backupId, '--to', dir, '--keep', '5', '--json'], c.io)).toBe(0);
    expect(archivesIn(dir)).toHaveLength(5);
    expect(JSON.parse(c.out.join(''))).toMatchObject({ retired: 8, keep: 5, verified: true });
  });

  it('--keep outside 1 to 1000 is a usage error that touches nothing', async () => {
    const c = captureIO();
    expect(await main(['pull', '--box', box.url, '--backup-id', seeded.backupId, '--to', root, '--keep', '0'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/--keep takes a whole number from 1 to 1000/);
  });
});
