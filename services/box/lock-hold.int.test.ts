import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { setQuiet } from '../log';
import { createBoxClient } from './client';
import { BACKUP_SERVICE, type ReplyMessage } from '../../shared/box-protocol';
import { instanceLockPath, learnInstance } from './instance';
import { boxLockPath, withBoxLock } from './lock';
import { boxRequest, withBoxHeld } from './lock-hold';

/**
 * A pull or a restore moves a backup in many requests. It takes the box's lock once for the whole
 * transfer (not a lock file made and removed around every request: CPU a person pays for nothing),
 * yet another program that wants the box meanwhile still gets its turn during the transfer, not
 * after it: the box's one-request-at-a-time rule is kept between programs, and nobody waits minutes.
 */
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-lock-hold-'));
const dir = join(root, 'locks');
let box: ReferenceBox;
let seeded: SeededBackup;
const saved = { hooks: process.env.IDBOX_TEST_HOOKS, dir: process.env.IDBOX_LOCK_DIR };

beforeAll(async () => {
  process.env.IDBOX_TEST_HOOKS = '1';
  process.env.IDBOX_LOCK_DIR = dir;
  seeded = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true });
  // 6 MB of bundle: a download of a dozen or so requests, each made slower by the box.
  writeFileSync(join(seeded.folder, 'backup'), randomBytes(6e6).toString('base64url').slice(0, 6e6));
  box = await startReferenceBox({ dataDir: join(root, 'box'), delayMs: 150 });
});
afterAll(async () => {
  await box.close();
  process.env.IDBOX_TEST_HOOKS = saved.hooks;
  process.env.IDBOX_LOCK_DIR = saved.dir;
  if (saved.hooks === undefined) delete process.env.IDBOX_TEST_HOOKS;
  if (saved.dir === undefined) delete process.env.IDBOX_LOCK_DIR;
  rmSync(root, { recursive: true, force: true });
});

describe('one lock for a whole transfer', () => {
  it('a download of many requests makes the box lock file once, and another program waiting meanwhile gets its turn before it ends', async () => {
    const client = createBoxClient(box.url);
    await client.backupServiceAbout(); // the lock folder exists from here on
    const lockName = basename(await boxLockPath(box.url, dir));
    let lockFileEvents = 0;
    // Made (a "rename" event) and removed (another) each time some program takes it.
    const watcher = watch(dir, (event, name) => {
      if (name === lockName && event === 'rename') lockFileEvents += 1;
    });
    let requests = 0;
    box.http.on('connection', () => (requests += 1)); // a connection of its own per request (the rendezvous's way)
    let received = 0;
    let total = 0;
    let otherGotInAt: number | null = null;
    let other: Promise<void> | null = null;
    try {
      const files = await client.exportBackupInto(
        seeded.backupId,
        { begin: async () => {}, write: async () => {} },
        {
          onProgress: (done, all) => {
            received = done;
            total = all ?? total;
            // A third of the way in, another program asks for the box (a descriptor of its own: the OS lock does not know it is this process).
            if (!other && total && done > total / 3) other = withBoxLock(box.url, async () => void (otherGotInAt = received), { dir });
          },
        },
      );
      expect(files.length).toBeGreaterThan(1);
      await other;
    } finally {
      watcher.close();
    }
    console.log(`${requests} requests; the lock file made or removed ${lockFileEvents} times`);
    expect(requests).toBeGreaterThanOrEqual(8);
    expect(box.violations).toEqual([]);
    // Made and removed once for the transfer, once more when it let the other program in (each a create and an unlink), never per request.
    expect(lockFileEvents).toBeLessThanOrEqual(6);
    expect(otherGotInAt).not.toBeNull();
    expect(otherGotInAt!).toBeLessThan(total);
  }, 120_000);

  it('a program waiting at another address of the same box (its instance known) also gets its turn during a transfer, not after it', async () => {
    const here = 'http://127.0.0.1:3999';
    const there = 'http://127.0.0.2:3999'; // the same box by another address (no traffic: the requests below are stand-ins)
    const about = { method: 'about-response', params: [{ description: 'box', version: '1.2.0', formatVersion: 2, instanceId: 'one-box' }] } as ReplyMessage;
    mkdirSync(dir, { recursive: true });
    for (const url of [here, there]) expect(await learnInstance(url, dir, BACKUP_SERVICE, about)).toBe(true);
    // Both addresses now lead to one instance lock.
    expect(await instanceLockPath(here, dir)).not.toBeNull();
    expect(await instanceLockPath(there, dir)).toBe(await instanceLockPath(here, dir));
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let at = 0;
    let otherGotInAt: number | null = null;
    const transfer = withBoxHeld(
      here,
      async () => {
        for (let i = 0; i < 30; i++) {
          await boxRequest(here, BACKUP_SERVICE, async () => {
            at = i;
            await sleep(100);
            return { method: 'export-backup-response' } as ReplyMessage;
          }, { dir });
        }
      },
      dir,
    );
    await sleep(300);
    // Gives up after 2 s: before, it waited behind the whole 3 s transfer.
    const other = withBoxLock(there, async () => void (otherGotInAt = at), { dir, maxWaitMs: 2000 });
    await Promise.all([transfer, other]);
    expect(otherGotInAt).not.toBeNull();
    expect(otherGotInAt!).toBeLessThan(29);
  }, 60_000);
});

