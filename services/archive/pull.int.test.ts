import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { main } from '../../cli/main';
import { AppError } from '../../shared/errors';
import { setQuiet } from '../log';
import { createCatalog } from './catalog';
import { verifyArchive } from './format';
import { pullToArchive, type PullStage } from './pull';
import { captureIO } from '../../tests/helpers/assert';

setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-pull-'));
let box: ReferenceBox;
let seeded: SeededBackup;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 2, peers: 1, fastKeys: true });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});


describe('pull and archive', () => {
  it('pulls, writes, verifies, catalogs, with named stages; the archive matches the box byte for byte', async () => {
    const dest = join(root, 'stick');
    mkdirSync(dest);
    const stages: PullStage[] = [];
    const catalog = createCatalog(join(root, 'app'));
    const result = await pullToArchive({
      boxUrl: box.url,
      backupId: seeded.backupId,
      destination: dest,
      appName: 'test',
      appVersion: '0',
      catalog,
      retention: 2,
      onProgress: (s) => stages.push(s),
    });
    expect([...new Set(stages)]).toEqual(['connecting', 'downloading', 'checking', 'writing', 'syncing', 'verifying', 'done']);
    const { members } = await verifyArchive(result.path, { keepContent: () => true });
    for (const m of members) expect(m.content).toEqual(readFileSync(join(seeded.folder, m.path)));
    expect(result.fileName).toMatch(new RegExp(`^idbox-${seeded.backupId.slice(0, 8).replace(/[-_]/g, '\\$&')}-\\d{8}T\\d{6}Z\\.idbox$`));
    const listed = await catalog.list();
    expect(listed[0]).toMatchObject({ path: result.path, backupIdPrefix: seeded.backupId.slice(0, 8) });
    expect(JSON.stringify(listed)).not.toContain(seeded.backupId);

    // Retention keeps the newest 2 in this folder, deleting older ones only after a new one verified.
    let t = Date.now();
    for (let i = 0; i < 3; i++) {
      t += 1000;
      const when = new Date(t);
      await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: dest, appName: 'test', appVersion: '0', catalog, retention: 2, now: () => when });
    }
    expect(readdirSync(dest).filter((n) => n.endsWith('.idbox'))).toHaveLength(2);
  });

  it('cancelling leaves nothing behind', async () => {
    const dest = join(root, 'cancel');
    mkdirSync(dest);
    const controller = new AbortController();
    const pending = pullToArchive({
      boxUrl: box.url,
      backupId: seeded.backupId,
      destination: dest,
      appName: 'test',
      appVersion: '0',
      catalog: createCatalog(join(root, 'app2')),
      retention: 10,
      signal: controller.signal,
      onProgress: (s) => s === 'downloading' && controller.abort(),
    });
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(readdirSync(dest)).toEqual([]);
  });

  it('a backup that is not on the box says so', async () => {
    const dest = join(root, 'none');
    mkdirSync(dest);
    await expect(
      pullToArchive({ boxUrl: box.url, backupId: `${'Q'.repeat(85)}A`, destination: dest, appName: 't', appVersion: '0', catalog: createCatalog(join(root, 'app3')), retention: 10 }),
    ).rejects.toBeInstanceOf(AppError);
  });

  it('a stick that is gone is told as a stick (pulled out?), never as a missing folder', async () => {
    const stick = join(root, 'PULLED-OUT');
    const err = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: stick, removable: true, appName: 't', appVersion: '0', catalog: createCatalog(join(root, 'app4')), retention: 10 }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'destination-missing', message: `The stick at "${stick}" is not there any more (was it pulled out?). No archive was written to it. Plug it in again, then archive again.` });
    // A folder on this computer keeps the folder's sentence.
    const folder = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: stick, appName: 't', appVersion: '0', catalog: createCatalog(join(root, 'app4')), retention: 10 }).catch((e: unknown) => e);
    expect((folder as AppError).message).toMatch(/^The folder ".*" does not exist/);
  });
});

describe('idbox pull and pack', () => {
  it('pull --mnemonic-file --json prints the archive and GNU tar extracts it', async () => {
    const words = join(root, 'words.txt');
    writeFileSync(words, `${seeded.mnemonic.toUpperCase().replace(/ /g, '\n')}\n`);
    const dest = join(root, 'cli');
    mkdirSync(dest);
    const c = captureIO();
    process.env.IDBOX_DATA_DIR = join(root, 'cli-app');
    expect(await main(['pull', '--box', box.url, '--mnemonic-file', words, '--to', dest, '--json'], c.io)).toBe(0);
    const out = JSON.parse(c.out.join(''));
    expect(out).toMatchObject({ formatVersion: 2, files: 5, verified: true });
    expect(JSON.stringify(out)).not.toContain(seeded.backupId);
    execFileSync('tar', ['-tf', out.archive]);
    const bad = captureIO();
    writeFileSync(words, 'abandon '.repeat(24));
    expect(await main(['pull', '--box', box.url, '--mnemonic-file', words, '--to', dest], bad.io)).toBe(3);
    expect(bad.err.join('')).toMatch(/checksum/);
    const down = captureIO();
    expect(await main(['pull', '--box', 'http://127.0.0.1:1', '--backup-id', seeded.backupId, '--to', dest], down.io)).toBe(5);
  });

  it('pack turns a raw box folder into a verified archive, never overwriting', async () => {
    const out = join(root, 'packed.idbox');
    const c = captureIO();
    expect(await main(['pack', seeded.folder, '-o', out], c.io)).toBe(0);
    const { manifest } = await verifyArchive(out);
    expect(manifest.formatVersion === 1 && manifest.backupId).toBe(seeded.backupId);
    expect(manifest.source.box).toBeNull();
    const again = captureIO();
    expect(await main(['pack', seeded.folder, '-o', out], again.io)).toBe(2);
  });
});
