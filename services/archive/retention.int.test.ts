import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { archiveFileName } from '../../shared/archive/manifest';
import { setQuiet } from '../log';
import { backupRef, createCatalog, type CatalogEntry } from './catalog';
import { pullToArchive } from './pull';

// Retention with a skewed clock: the archive just written and verified is never the one deleted.
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-retention-'));
let box: ReferenceBox;
let seeded: SeededBackup;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

/** A catalogued older archive in `dir`, dated `createdAt` (its file exists unless told otherwise). */
function oldArchive(dir: string, createdAt: string, extra: Partial<CatalogEntry> = {}, onDisk = true): CatalogEntry {
  const fileName = archiveFileName(seeded.backupId, new Date(createdAt));
  const path = join(dir, fileName);
  if (onDisk) writeFileSync(path, 'an older archive');
  return {
    path,
    directory: dir,
    fileName,
    backupIdPrefix: seeded.backupId.slice(0, 8),
    backupRef: backupRef(seeded.backupId),
    sourceBox: box.url,
    createdAt,
    bytes: 16,
    sha256: 'a'.repeat(64),
    verifiedAt: createdAt,
    cacheBypassed: false,
    filesystem: 'ext4',
    demo: false,
    removable: false,
    ...extra,
  };
}

async function pullInto(name: string, olds: (dir: string) => CatalogEntry[], keep: number) {
  const dir = join(root, name);
  mkdirSync(dir);
  const catalog = createCatalog(join(root, `${name}-app`));
  for (const e of olds(dir)) await catalog.record(e, 100);
  const result = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: dir, appName: 't', appVersion: '0', catalog, retention: keep });
  return { dir, result, catalog };
}

describe('retention when the clock is wrong (defect 8)', () => {
  it.each([1, 2, 3])('keep %i: archives dated in the future never push out the one just written', async (keep) => {
    const { dir, result, catalog } = await pullInto(`future-${keep}`, (d) => [oldArchive(d, '2099-01-01T00:00:00.000Z'), oldArchive(d, '2098-06-01T00:00:00.000Z'), oldArchive(d, '2097-01-01T00:00:00.000Z')], keep);
    expect(existsSync(result.path)).toBe(true);
    expect(readdirSync(dir).filter((n) => n.endsWith('.idbox'))).toHaveLength(keep);
    expect((await catalog.list()).map((e) => e.path)).toContain(result.path);
    expect(result.removedOld).not.toContain(result.path);
  });

  it('a copy whose last re-read failed, or whose file is gone, goes before a good one', async () => {
    const { dir, result } = await pullInto(
      'failed-first',
      (d) => [
        oldArchive(d, '2026-01-03T00:00:00.000Z', { lastFailure: { at: '2026-02-01T00:00:00.000Z', message: 'checksum mismatch' } }),
        oldArchive(d, '2026-01-02T00:00:00.000Z', {}, false),
        oldArchive(d, '2026-01-01T00:00:00.000Z'),
      ],
      2,
    );
    expect(readdirSync(dir).filter((n) => n.endsWith('.idbox')).sort()).toEqual([archiveFileName(seeded.backupId, new Date('2026-01-01T00:00:00.000Z')), result.fileName].sort());
  });

  it('the same path recorded again (a clock that went back to the same second) is not deleted', async () => {
    const dir = join(root, 'same-path');
    mkdirSync(dir);
    const catalog = createCatalog(join(root, 'same-path-app'));
    const now = new Date('2030-01-01T00:00:00.000Z');
    const first = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: dir, appName: 't', appVersion: '0', catalog, retention: 1, now: () => now });
    const second = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: dir, appName: 't', appVersion: '0', catalog, retention: 1, now: () => now });
    expect(existsSync(second.path)).toBe(true);
    expect(second.removedOld).not.toContain(second.path);
    expect(first.path === second.path || !existsSync(first.path)).toBe(true);
  });

  it('keep 1: an archive of an incomplete backup never retires the complete one; the next complete archive does', async () => {
    const data = join(root, 'shrink-box');
    const entropy = new Uint8Array(32).fill(7);
    const mine = await seedBackup(data, { identities: 2, fastKeys: true, entropy });
    const other = await startReferenceBox({ dataDir: data });
    try {
      const dir = join(root, 'shrink');
      mkdirSync(dir);
      const catalog = createCatalog(join(root, 'shrink-app'));
      const at = (iso: string) => () => new Date(iso);
      const pull = (iso: string) => pullToArchive({ boxUrl: other.url, backupId: mine.backupId, destination: dir, appName: 't', appVersion: '0', catalog, retention: 1, now: at(iso) });
      const good = await pull('2026-05-03T10:00:00.000Z');
      for (const name of readdirSync(mine.folder)) if (name.endsWith('.pem')) rmSync(join(mine.folder, name));
      const partial = await pull('2026-05-04T10:00:00.000Z');
      expect(partial.verdict.status).toBe('incomplete');
      expect(partial.shrink).toMatchObject({ fewer: 2, bundleLost: false, since: '2026-05-03T10:00:00.000Z' });
      expect(partial.notes.map((n) => n.sentence)).toContain("Your box's backup has 2 fewer identities than your copy of 3 May.");
      expect(existsSync(good.path)).toBe(true);
      expect(partial.removedOld).toEqual([]);
      // The phone makes a whole backup again: that complete archive is the one kept.
      await seedBackup(data, { identities: 2, fastKeys: true, entropy });
      const again = await pull('2026-05-05T10:00:00.000Z');
      expect(again.verdict.status).toBe('ok');
      expect(again.shrink).toBeNull();
      expect(readdirSync(dir).filter((n) => n.endsWith('.idbox'))).toEqual([again.fileName]);
    } finally {
      await other.close();
    }
  });
});
