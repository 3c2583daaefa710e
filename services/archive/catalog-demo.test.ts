import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupIdFromMnemonic } from '../../shared/backup-id';
import { randomBytes } from 'node:crypto';
import { entropyToMnemonic } from '../../shared/mnemonic';
import { readDemoBackupId } from '../box/demo';
import { backupRef, createCatalog, type CatalogEntry } from './catalog';

const roots: string[] = [];
const scratch = () => {
  const dir = mkdtempSync(join(tmpdir(), 'idbox-catalog-'));
  roots.push(dir);
  return dir;
};
afterEach(() => roots.splice(0).forEach((r) => rmSync(r, { recursive: true, force: true })));

function entry(dir: string, name: string, createdAt: string, over: Partial<CatalogEntry> = {}): CatalogEntry {
  return {
    path: join(dir, name),
    directory: dir,
    fileName: name,
    backupIdPrefix: 'AAAAAAAA',
    backupRef: backupRef('real'),
    sourceBox: 'http://127.0.0.1:3100',
    createdAt,
    bytes: 10,
    sha256: 'a'.repeat(64),
    verifiedAt: createdAt,
    cacheBypassed: true,
    filesystem: 'ext4',
    demo: false,
    removable: false,
    ...over,
  };
}

describe('catalog: demo archives and forgetting', () => {
  it('reads a catalog written before demo archives were marked: they count as real, on a folder', async () => {
    const app = scratch();
    const old = entry(app, 'idbox-AAAAAAAA-20260101T000000Z.idbox', '2026-01-01T00:00:00.000Z') as Partial<CatalogEntry>;
    delete old.demo;
    delete old.removable;
    writeFileSync(join(app, 'catalog.json'), JSON.stringify({ version: 1, archives: [old] }));
    const [listed] = await createCatalog(app).list();
    expect(listed).toMatchObject({ demo: false, removable: false });
  });

  it('retention of your real archives never deletes a demo archive in the same folder', async () => {
    const app = scratch();
    const dest = scratch();
    const catalog = createCatalog(app);
    const demo = entry(dest, 'idbox-DEMODEMO-20260101T000000Z.idbox', '2026-01-01T00:00:00.000Z', { demo: true, backupIdPrefix: 'DEMODEMO' });
    await writeFile(demo.path, 'demo');
    await catalog.record(demo, 1);
    for (const day of ['02', '03']) {
      const real = entry(dest, `idbox-AAAAAAAA-202601${day}T000000Z.idbox`, `2026-01-${day}T00:00:00.000Z`);
      await writeFile(real.path, 'real');
      await catalog.record(real, 1);
    }
    const left = await catalog.list();
    expect(left.map((e) => e.fileName)).toEqual(['idbox-AAAAAAAA-20260103T000000Z.idbox', 'idbox-DEMODEMO-20260101T000000Z.idbox']);
    expect(existsSync(demo.path)).toBe(true);
  });

  it('forgets an archive without touching its file', async () => {
    const app = scratch();
    const dest = scratch();
    const catalog = createCatalog(app);
    const one = entry(dest, 'idbox-AAAAAAAA-20260101T000000Z.idbox', '2026-01-01T00:00:00.000Z');
    await writeFile(one.path, 'x');
    await catalog.record(one, 10);
    expect(await catalog.forget(one.path)).toBe(true);
    expect(await catalog.forget(one.path)).toBe(false);
    expect(await catalog.list()).toEqual([]);
    expect(existsSync(one.path)).toBe(true);
  });

  it('knows the demo backup by the demo box’s own words, and nothing when there is no demo box', async () => {
    const app = scratch();
    expect(await readDemoBackupId(app)).toBeNull();
    const mnemonic = entropyToMnemonic(randomBytes(32));
    await mkdir(join(app, 'demo-box'));
    await writeFile(join(app, 'demo-box', 'demo.json'), JSON.stringify({ version: 1, mnemonic, identities: [], peers: 0 }));
    expect(await readDemoBackupId(app)).toBe(backupIdFromMnemonic(mnemonic));
    await writeFile(join(app, 'demo-box', 'demo.json'), '{ not json');
    expect(await readDemoBackupId(app)).toBeNull();
  });
});
