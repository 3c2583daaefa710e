import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { BACKUP_SERVICE, IDENTITY_SERVICE } from '../../shared/box-protocol';
import { createCatalog } from '../archive/catalog';
import { pullToArchive } from '../archive/pull';
import { setQuiet } from '../log';
import { boxStatus } from './status';

setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-status-'));
const boxes: ReferenceBox[] = [];
let seeded: SeededBackup;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true });
});
afterAll(async () => {
  for (const b of boxes) await b.close();
  rmSync(root, { recursive: true, force: true });
});
const start = async (options: Partial<Parameters<typeof startReferenceBox>[0]> = {}) => {
  const box = await startReferenceBox({ dataDir: join(root, 'box'), ...options });
  boxes.push(box);
  return box;
};
const quick = { replyMs: 1_500, aboutMs: 1_500 };

describe('box check: each service on its own', () => {
  it('a healthy box: both services, no problem', async () => {
    const box = await start();
    const status = await boxStatus(box.url, { timeouts: quick });
    expect(status).toMatchObject({ reachable: true, identityService: { version: expect.any(String) }, identityProblem: null, backupService: { installed: true, count: 1 }, problem: null });
  });

  it('identity-service stopped: the backup-service is reported fine and an archive works (it needs only that service)', async () => {
    const box = await start({ hangServices: [IDENTITY_SERVICE] });
    const status = await boxStatus(box.url, { timeouts: quick });
    expect(status.problem).toBeNull();
    expect(status.backupService).toMatchObject({ installed: true, count: 1 });
    expect(status.identityService).toBeNull();
    expect(status.identityProblem).toMatchObject({ code: 'box-timeout' });
    expect(status.identityProblem!.message).toMatch(/identity service/);
    expect(status.identityProblem!.message).not.toMatch(/backup service/);
    const dest = join(root, 'stick');
    mkdirSync(dest);
    const pulled = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: dest, appName: 't', appVersion: '0', catalog: createCatalog(join(root, 'app')), retention: 10 });
    expect(pulled.files).toBeGreaterThan(0);
  });

  it('backup-service stopped: the problem names the backup service, and the identity-service is still checked', async () => {
    const box = await start({ hangServices: [BACKUP_SERVICE] });
    const status = await boxStatus(box.url, { timeouts: quick });
    expect(status.problem).toMatchObject({ code: 'service-not-answering' });
    expect(status.problem!.message).toMatch(/backup service/);
    expect(status.identityService).toMatchObject({ version: expect.any(String) });
    expect(status.identityProblem).toBeNull();
  });

  it("both services silent alike: the box's service manager or the box is blamed, with 'restart the box', not each service", async () => {
    const box = await start({ hangServices: [BACKUP_SERVICE, IDENTITY_SERVICE] });
    const status = await boxStatus(box.url, { timeouts: quick });
    expect(status.reachable).toBe(true);
    expect(status.problem).toMatchObject({ code: 'box-timeout' });
    expect(status.problem!.message).toMatch(/service manager \(box-office\) or the box itself/);
    expect(status.problem!.message).toMatch(/Restart the box/);
    expect(status.identityProblem).toBeNull();
  });

  it('backup-service not installed: "service-missing", installed: false', async () => {
    const box = await start({ withoutBackupService: true });
    const status = await boxStatus(box.url, { timeouts: quick });
    expect(status.problem).toMatchObject({ code: 'service-missing' });
    expect(status.backupService).toMatchObject({ installed: false });
  });

  it('nothing at the address: unreachable, and no service is asked', async () => {
    const status = await boxStatus('http://127.0.0.1:1', { timeouts: quick });
    expect(status).toMatchObject({ reachable: false, problem: { code: 'box-unreachable' }, identityProblem: null, backupService: null });
  });
});
