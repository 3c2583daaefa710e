import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCatalog } from '../../services/archive/catalog';
import { verifyArchive } from '../../services/archive/format';
import { pullToArchive } from '../../services/archive/pull';
import { createBoxClient } from '../../services/box/client';
import { setQuiet } from '../../services/log';
import { backupDigest } from '../../shared/backup-digest';
import { BACKUP_SERVICE } from '../../shared/box-protocol';
import { startReferenceBox, type ReferenceBox } from '../reference-box';
import { startRendezvous } from '../rendezvous/server';
import { seedBackup, type SeededBackup } from '../seed';
import { createBackupService } from './service';

setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-digest-'));
let box: ReferenceBox;
let seeded: SeededBackup;
const entropy = new Uint8Array(32).fill(7);
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 2, peers: 1, fastKeys: true, entropy });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

describe('backup-digest against the reference box', () => {
  it('agrees with the digest of a fresh archive, and differs once the box is seeded again', async () => {
    const client = createBoxClient(box.url);
    const dest = join(root, 'stick');
    mkdirSync(dest);
    const archive = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: dest, appName: 'test', appVersion: '0', catalog: createCatalog(join(root, 'app')), retention: 5 });
    const { manifest } = await verifyArchive(archive.path);
    const fromArchive = backupDigest(manifest.files);

    const fromBox = await client.backupDigest(seeded.backupId);
    expect(fromBox).toMatchObject({ digest: fromArchive.digest, files: 2 * 2 + 1, bytes: fromArchive.bytes });
    expect(fromBox !== 'unknown' && !('notFound' in fromBox) && fromBox.modified).toMatch(/^\d{4}-\d\d-\d\dT/);
    // Never the id, never content.
    expect(JSON.stringify(fromBox)).not.toContain(seeded.backupId);

    await seedBackup(join(root, 'box'), { identities: 2, peers: 1, fastKeys: true, entropy });
    const changed = await client.backupDigest(seeded.backupId);
    expect(changed !== 'unknown' && 'digest' in changed && changed.digest).not.toBe(fromArchive.digest);
    expect(box.violations).toEqual([]);
  });

  it('answers notFound for a backup id the box does not hold', async () => {
    const other = 'A'.repeat(seeded.backupId.length);
    expect(await createBoxClient(box.url).backupDigest(other)).toEqual({ notFound: true });
  });

  it('says "unknown" (not an error) for a box whose backup-service predates the method, so the app still works', async () => {
    const real = createBackupService({ root: join(root, 'box') });
    const services = new Map([[BACKUP_SERVICE, (method: string, params: unknown[] | undefined) =>
      method === 'backup-digest' ? Promise.resolve({ method: 'unknown-method', params: [{ method }] }) : real.handle(method, params)]]);
    const older = await startRendezvous({ services, hangServices: new Set() }, { port: 0, host: '127.0.0.1' });
    try {
      expect(await createBoxClient(older.url).backupDigest(seeded.backupId)).toBe('unknown');
    } finally {
      await older.close();
    }
  });
});
