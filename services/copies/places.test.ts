import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeCatalogEntry } from '../../tests/helpers/catalog-entry';
import type { CatalogEntry, VolumeRecord } from '../archive/catalog';
import type { VolumeIdentity } from '../drives/identity';
import type { Volume } from '../drives/parse';
import { locate } from './places';

// locate() is the one judgement of where a copy is: here, unlike the loop-mounted integration
// tests, with made-up identities, so each case is exactly the one named.
const root = mkdtempSync(join(tmpdir(), 'idbox-locate-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const NOW = '2026-12-07T10:00:00.000Z';

const mount = (name: string, files: string[] = []) => {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const f of files) writeFileSync(join(dir, f), 'x');
  return dir;
};
const record = (id: string, mountPoint: string, over: Partial<VolumeRecord> = {}): VolumeRecord => ({ v: 1, id, deviceOnly: false, mountPoint, label: 'KINGSTON', disk: { id: 'disk:sdb', label: null }, ...over });
const entryOn = (volume: VolumeRecord, dir: string, file: string, removable = true): CatalogEntry => ({ ...fakeCatalogEntry(file), path: join(dir, file), directory: dir, fileName: file, removable, volume });
const stick = (id: string, mountPoint: string): Volume => ({ id, label: 'KINGSTON', mountPoint, size: null, free: null, filesystem: 'ext4', writable: true, bus: 'usb', device: '/dev/sdb1' });
/** What each folder is on now. */
const ids = (map: Record<string, VolumeIdentity | null> = {}) => ({ of: async (p: string) => map[p] ?? null, isMountPoint: async () => false });

describe('where a copy is now', () => {
  it('a file missing from its stick while the stick is plugged in: deleted, and where from', async () => {
    const dir = mount('k1');
    const where = await locate(entryOn(record('U1', dir), dir, 'a.idbox'), [stick('U1', dir)], ids(), NOW);
    expect(where).toMatchObject({ attached: false, gone: true, learned: { gone: { at: NOW, from: 'KINGSTON' } } });
  });

  it('the same stick mounted elsewhere: found at its new path, and the catalog learns it', async () => {
    const old = join(root, 'old-mount');
    const now = mount('new-mount', ['a.idbox']);
    const where = await locate(entryOn(record('U2', old), old, 'a.idbox'), [stick('U2', now)], ids(), NOW);
    expect(where).toMatchObject({ attached: true, gone: false, path: join(now, 'a.idbox'), learned: { movedTo: join(now, 'a.idbox') } });
    expect(where.place.id).toBe('vol:U2');
  });

  it('a stick that is not plugged in keeps its copy as not plugged in', async () => {
    const dir = join(root, 'away');
    const where = await locate(entryOn(record('U3', dir), dir, 'a.idbox'), [], ids(), NOW);
    expect(where).toMatchObject({ attached: false, gone: false, learned: null });
  });

  it('a stick known only by its device name is never called deleted: another stick may have that name now', async () => {
    const dir = mount('k4');
    const where = await locate(entryOn(record('/dev/sdb1', dir, { deviceOnly: true }), dir, 'a.idbox'), [stick('/dev/sdb1', dir)], ids(), NOW);
    expect(where).toMatchObject({ attached: false, gone: false });
  });

  it("a folder whose disk is not mounted (its mount point is on the system disk now) is not connected, not deleted", async () => {
    const dir = mount('ext-disk');
    const system: VolumeIdentity = { id: 'SYSTEM', deviceOnly: false, label: null, mountPoint: '/', disk: { id: 'disk:nvme0n1', label: null } };
    const where = await locate(entryOn(record('EXT', dir), dir, 'a.idbox', false), [], ids({ [dir]: system }), NOW);
    expect(where).toMatchObject({ attached: false, gone: false });
    expect(where.place).toMatchObject({ kind: 'folder', id: 'folder:disk:sdb' }); // its place is still its disk
  });
});
