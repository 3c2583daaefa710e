import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { codeOf } from '../../tests/helpers/assert';
import { BACKUP_SERVICE } from '../../shared/box-protocol';
import { boxLockPath, lockDirectory, lockedRequest, withBoxLock } from './lock';

const root = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'idbox-locks-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

/** Another program holding the lock of `url`; resolves once it holds it. */
async function holder(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tests/helpers/hold-box-lock.ts'), url, dir], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      if (d.toString().includes('held')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  return child;
}

describe('the box lock shared by every program on this computer', () => {
  it('lets one task at a time use a box, and the others say they wait', async () => {
    let inside = 0;
    let most = 0;
    let waited = 0;
    const order: number[] = [];
    await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        withBoxLock(
          'http://127.0.0.1:1',
          async () => {
            inside += 1;
            most = Math.max(most, inside);
            await new Promise((r) => setTimeout(r, 20));
            order.push(i);
            inside -= 1;
          },
          { dir, onWaiting: () => (waited += 1) },
        ),
      ),
    );
    expect(order).toHaveLength(6);
    expect(most).toBe(1);
    expect(waited).toBeGreaterThanOrEqual(5);
  });

  it('one box does not wait for another, and "box/" and "box" are the same box', async () => {
    expect(await boxLockPath('127.0.0.1:2', dir)).toBe(await boxLockPath('http://127.0.0.1:2/', dir));
    expect(await boxLockPath('http://127.0.0.1:2', dir)).not.toBe(await boxLockPath('http://127.0.0.1:3', dir));
    let waited = false;
    await withBoxLock('http://127.0.0.1:2', () => withBoxLock('http://127.0.0.1:3', async () => undefined, { dir, onWaiting: () => (waited = true) }), { dir });
    expect(waited).toBe(false);
  });

  it('a lock held by a program that is killed (SIGKILL) is freed by the OS', async () => {
    const url = 'http://127.0.0.1:4';
    const child = await holder(url);
    let waiting = false;
    const started = Date.now();
    const acquired = withBoxLock(url, async () => Date.now(), { dir, onWaiting: () => (waiting = true) });
    await new Promise((r) => setTimeout(r, 400));
    expect(waiting).toBe(true);
    const killedAt = Date.now();
    child.kill('SIGKILL');
    const at = await acquired;
    expect(at).toBeGreaterThanOrEqual(killedAt);
    expect(at - started).toBeLessThan(20_000);
    // Nothing is left behind once the last user let go.
    expect(readdirSync(dir).filter((n) => n.startsWith('box-'))).toEqual([]);
  });

  it('waiting too long for another program fails with "box-busy", naming that cause (not a stopped service)', async () => {
    const url = 'http://127.0.0.1:5';
    const child = await holder(url);
    const attempt = withBoxLock(url, async () => 'never', { dir, maxWaitMs: 600 });
    expect(await codeOf(attempt)).toBe('box-busy');
    expect(String(await attempt.catch((e: Error) => e.message))).toMatch(/Another program on this computer/);
    child.kill('SIGKILL');
  });

  it('cancel while waiting stops the wait at once', async () => {
    const url = 'http://127.0.0.1:6';
    const child = await holder(url);
    const controller = new AbortController();
    const pending = withBoxLock(url, async () => 'never', { dir, signal: controller.signal, onWaiting: () => controller.abort() });
    expect(await codeOf(pending)).toBe('cancelled');
    child.kill('SIGKILL');
  });

  it('is one folder for every program of every user, whatever their environment (a desktop session, cron, su)', () => {
    const desktop = { XDG_RUNTIME_DIR: '/run/user/1000', XDG_CACHE_HOME: '/home/a/.cache', TMPDIR: '/tmp/user/1000', HOME: '/home/a' };
    const cron = { HOME: '/root' };
    expect(lockDirectory(desktop, 'linux')).toBe(lockDirectory(cron, 'linux'));
    expect(lockDirectory(desktop, 'darwin')).toBe(lockDirectory(cron, 'darwin'));
    expect(lockDirectory(desktop, 'linux')).toBe('/tmp/identity-box-companion-locks');
    expect(lockDirectory({ ProgramData: 'C:\\ProgramData', LOCALAPPDATA: 'C:\\Users\\a\\AppData\\Local' }, 'win32')).toMatch(/^C:\\ProgramData/);
    // The test hook moves it only in test runs.
    expect(lockDirectory({ IDBOX_LOCK_DIR: '/x' }, 'linux')).toBe('/tmp/identity-box-companion-locks');
    expect(lockDirectory({ IDBOX_LOCK_DIR: '/x', IDBOX_TEST_HOOKS: '1' }, 'linux')).toBe('/x');
  });

  it("a box reached at two addresses takes turns once its backup-service's about named its instance", async () => {
    const [a, b] = ['http://127.0.0.1:7', 'http://127.0.0.2:7'];
    let waited = false;
    await withBoxLock(a, () => withBoxLock(b, async () => undefined, { dir, onWaiting: () => (waited = true) }), { dir });
    expect(waited).toBe(false); // two addresses, nothing known yet: two locks
    const about = async () => ({ method: 'about-response', params: [{ description: 'backup', version: '1.2.0', formatVersion: 2, instanceId: 'box-4f1c' }] });
    await lockedRequest(a, BACKUP_SERVICE, about, { dir });
    await lockedRequest(b, BACKUP_SERVICE, about, { dir });
    let release!: () => void;
    const holding = withBoxLock(a, () => new Promise<void>((r) => (release = r)), { dir });
    await new Promise((r) => setTimeout(r, 100));
    const order: string[] = [];
    await Promise.all([
      holding.then(() => order.push('a')),
      withBoxLock(b, async () => void order.push('b'), {
        dir,
        onWaiting: () => {
          waited = true;
          release();
        },
      }),
    ]);
    expect(waited).toBe(true);
    expect(order).toEqual(['a', 'b']);
  });

  it('localhost, 127.0.0.1 and a name that resolves to it are one box; another port is another box', async () => {
    const one = await boxLockPath('http://127.0.0.1:3100', dir);
    expect(await boxLockPath('http://localhost:3100', dir)).toBe(one);
    expect(await boxLockPath('LOCALHOST:3100/', dir)).toBe(one);
    expect(await boxLockPath('http://[::ffff:127.0.0.1]:3100', dir)).toBe(one);
    expect(await boxLockPath('https://127.0.0.1:3101', dir)).not.toBe(one);
    expect(await boxLockPath('http://127.0.0.1', dir)).toBe(await boxLockPath('http://localhost:80', dir));
  });
});
