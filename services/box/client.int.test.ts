import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { AppError } from '../../shared/errors';
import { setQuiet } from '../log';
import { createBoxClient } from './client';
import { codeOf, folderSnapshot } from '../../tests/helpers/assert';

setQuiet(true);
const dirs: string[] = [];
const tmp = (name: string) => {
  const d = mkdtempSync(join(tmpdir(), `idbox-${name}-`));
  dirs.push(d);
  return d;
};
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});



let box: ReferenceBox;
let seeded: SeededBackup;

beforeAll(async () => {
  const data = tmp('box');
  seeded = await seedBackup(data, { identities: 3, peers: 2, fastKeys: true });
  // One large file so the export needs several chunked calls.
  writeFileSync(join(seeded.folder, 'backup'), 'A'.repeat(1_500_000));
  box = await startReferenceBox({ dataDir: data });
  closers.push(() => box.close());
});

describe('box client against the reference box', () => {
  it('checks the rendezvous and calls every read-only method', async () => {
    const client = createBoxClient(box.url);
    expect(await client.checkRendezvous()).toMatch(/reference/);
    expect((await client.identityAbout()).version).toBeTruthy();
    expect(await client.hasBackup()).toBe(true);
    expect(await client.backupServiceAbout()).toMatchObject({ formatVersion: 2 });
    expect(await client.backupStatus()).toMatchObject({ count: 1 });
  });

  it('exports a backup in chunks, every file checked', async () => {
    const client = createBoxClient(box.url);
    const progress: number[] = [];
    const { files, contents } = await client.exportBackup(seeded.backupId, { onProgress: (d) => progress.push(d) });
    expect(files.map((f) => f.path)).toContain('backup');
    expect(files).toHaveLength(1 + 3 + 3);
    expect(progress.length).toBeGreaterThan(3);
    expect(contents.get('backup')!.length).toBe(1_500_000);
    expect(box.violations).toEqual([]);
  });

  it('imports a backup atomically and reads back identical, refusing a different one without replace', async () => {
    const client = createBoxClient(box.url);
    const { contents } = await client.exportBackup(seeded.backupId);
    const before = folderSnapshot(seeded.folder);
    rmSync(seeded.folder, { recursive: true });
    expect(await client.importBackup(seeded.backupId, contents)).toMatchObject({ written: 7 });
    expect(folderSnapshot(seeded.folder)).toEqual(before);
    expect(await client.importBackup(seeded.backupId, contents)).toMatchObject({ unchanged: true });

    const changed = new Map(contents);
    changed.set('backup', Buffer.from('B'.repeat(100)));
    expect(await codeOf(client.importBackup(seeded.backupId, changed))).toBe('box-error');
    expect(folderSnapshot(seeded.folder)).toEqual(before);
    expect(await client.importBackup(seeded.backupId, changed, { replace: true })).toMatchObject({ written: 7 });
    expect(readFileSync(join(seeded.folder, 'backup'), 'utf8')).toBe('B'.repeat(100));
    await client.importBackup(seeded.backupId, contents, { replace: true });
    // No stage is left; the two replaced copies are kept in the versions area, nothing else.
    expect(readdirSync(box.dataDir).filter((n) => n.startsWith('.'))).toEqual(['.versions']);
    expect((await client.backupVersions(seeded.backupId)).map((v) => v.version)).toEqual([1, 2]);
    expect(box.violations).toEqual([]);
  });

  it('serializes concurrent requests to one box (the real one crashes on overlap)', async () => {
    // A slow box, so that unserialized requests would certainly overlap (the box refuses those).
    const slow = await startReferenceBox({ dataDir: box.dataDir, delayMs: 150 });
    closers.push(() => slow.close());
    const client = createBoxClient(slow.url);
    const other = createBoxClient(`${slow.url}/`);
    await Promise.all([client.backupStatus(), other.backupStatus(), client.exportBackup(seeded.backupId), other.hasBackup()]);
    expect(slow.violations).toEqual([]);
  });

  it('refuses bad paths and ids in import-backup and leaves the folder untouched', async () => {
    const client = createBoxClient(box.url);
    const before = folderSnapshot(box.dataDir);
    const evil = new Map([['../escape', Buffer.from('x')]]);
    expect(await codeOf(client.importBackup(seeded.backupId, evil))).toBe('box-error');
    expect(await codeOf(client.importBackup('short-id', new Map([['backup', Buffer.from('x')]])))).toBe('box-error');
    expect(folderSnapshot(box.dataDir)).toEqual(before);
  });

  it('says backup-not-found for an unknown id', async () => {
    const client = createBoxClient(box.url);
    expect(await codeOf(client.exportBackup(`${'A'.repeat(85)}A`))).toBe('backup-not-found');
  });
});

describe('box client errors', () => {
  it('box-url-invalid for nonsense', () => {
    expect(() => createBoxClient('ftp://x')).toThrow(AppError);
    expect(() => createBoxClient('')).toThrow(AppError);
    expect(createBoxClient('127.0.0.1:3100').url).toBe('http://127.0.0.1:3100');
  });

  it('box-unreachable on a closed loopback port', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const client = createBoxClient(`http://127.0.0.1:${port}`, { connectMs: 2000 });
    expect(await codeOf(client.checkRendezvous())).toBe('box-unreachable');
    expect(await codeOf(client.backupStatus())).toBe('box-unreachable');
  });

  it('box-not-rendezvous for a plain web server', async () => {
    const server = createServer((_req, res) => res.end('<html>router admin</html>'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise((r) => server.close(() => r())));
    const client = createBoxClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    expect(await codeOf(client.checkRendezvous())).toBe('box-not-rendezvous');
  });

  it('box-timeout for a loopback server that never answers', async () => {
    const hanging: Server = createServer(() => {
      /* never answers */
    });
    await new Promise<void>((r) => hanging.listen(0, '127.0.0.1', r));
    closers.push(async () => {
      hanging.closeAllConnections();
      await new Promise<void>((r) => hanging.close(() => r()));
    });
    const url = `http://127.0.0.1:${(hanging.address() as AddressInfo).port}`;
    const client = createBoxClient(url, { connectMs: 500, firstReplyMs: 500, replyMs: 500 });
    expect(await codeOf(client.checkRendezvous())).toBe('box-timeout');
    expect(await codeOf(client.backupStatus())).toMatch(/box-unreachable|box-timeout/);
  });

  it('service-missing when the backup-service is not installed', async () => {
    const bare = await startReferenceBox({ dataDir: tmp('bare'), withoutBackupService: true });
    closers.push(() => bare.close());
    const client = createBoxClient(bare.url);
    expect(await client.hasBackup()).toBe(false);
    expect(await codeOf(client.backupServiceAbout())).toBe('service-missing');
  });

  it('service-not-answering when the service is registered but stopped', async () => {
    const hung = await startReferenceBox({ dataDir: tmp('hung'), hangServices: ['identity-box.backup-service'] });
    closers.push(() => hung.close());
    const client = createBoxClient(hung.url, { replyMs: 800 });
    expect(await codeOf(client.backupStatus())).toBe('service-not-answering');
    // the queue moves on after a timeout
    expect(await client.hasBackup()).toBe(false);
  });

  it('cancels a request', async () => {
    const hung = await startReferenceBox({ dataDir: tmp('hung2'), hangServices: ['identity-box.backup-service'] });
    closers.push(() => hung.close());
    const client = createBoxClient(hung.url, { replyMs: 10_000 });
    const controller = new AbortController();
    const pending = codeOf(client.backupStatus(controller.signal));
    setTimeout(() => controller.abort(), 200);
    expect(await pending).toBe('cancelled');
  });
});
