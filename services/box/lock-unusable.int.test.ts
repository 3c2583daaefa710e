import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { boxLockPath } from './lock';

/**
 * A lock this computer cannot use (a folder left root-owned by one `sudo idbox …`, a file where the
 * folder should be, a folder or a dangling link in place of the lock file): every box call says so
 * in one sentence that names the file and the fix, exits 5, and `idbox box status` puts it on this
 * computer, never on the box or its services. Run through the real `idbox` bin, as a person would.
 */
const repo = new URL('../..', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'idbox-lock-unusable-'));
let box: ReferenceBox;
let seeded: SeededBackup;

beforeAll(async () => {
  // The runs as another user below cannot build the CLI: build it now, before the box starts.
  spawnSync(process.execPath, [join(repo, 'bin/idbox.mjs'), '--version'], { cwd: repo });
  seeded = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

async function idbox(args: string[], lockDir: string, prefix: string[] = []): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const data = join(root, `data-${Math.random().toString(36).slice(2)}`);
  mkdirSync(data, { mode: 0o777 });
  chmodSync(data, 0o777);
  const [cmd, ...rest] = [...prefix, process.execPath, join(repo, 'bin/idbox.mjs'), ...args];
  // Not spawnSync: the box runs in this process and must keep answering.
  const child = spawn(cmd!, rest, {
    cwd: repo,
    env: { ...process.env, IDBOX_DATA_DIR: data, IDBOX_TEST_HOOKS: '1', IDBOX_LOCK_DIR: lockDir, IDBOX_DEBUG: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, stdout, stderr };
}

const pullTo = (to: string) => ['pull', '--box', box.url, '--backup-id', seeded.backupId, '--to', to];

function expectComputerProblem(r: { code: number | null; stdout: string; stderr: string }, named: string) {
  expect(r.code, r.stderr).toBe(5);
  const text = r.stderr + r.stdout;
  expect(text).not.toMatch(/Something unexpected|at .*\.js:\d+|Error:/);
  expect(text).toContain(named);
  expect(text).toMatch(/This computer's lock for your box/);
  expect(text).toMatch(/sudo rm -rf/);
}

describe('a lock folder or lock file this program cannot use', () => {
  it('a file where the lock folder should be: pull and box status name it and the fix, exit 5', async () => {
    const lockDir = join(root, 'file-instead');
    writeFileSync(lockDir, 'not a folder');
    mkdirSync(join(root, 'to1'));
    expectComputerProblem(await idbox(pullTo(join(root, 'to1')), lockDir), lockDir);

    const status = await idbox(['box', 'status', '--box', box.url], lockDir);
    expectComputerProblem(status, lockDir);
    expect(status.stdout).toMatch(/Reachable: +yes/);
    expect(status.stdout).not.toMatch(/not answering|did not answer|stopped/);
    expect(status.stdout).toMatch(/the box itself is fine/);
  });

  it('a folder in place of the lock file, and a dangling link in place of the lock file', async () => {
    const folderCase = join(root, 'locks-folder');
    mkdirSync(folderCase);
    const lockFile = await boxLockPath(box.url, folderCase);
    mkdirSync(`${lockFile}.turnstile`);
    mkdirSync(join(root, 'to2'));
    expectComputerProblem(await idbox(pullTo(join(root, 'to2')), folderCase), `${lockFile}.turnstile`);

    const linkCase = join(root, 'locks-link');
    mkdirSync(linkCase);
    symlinkSync(join(root, 'nowhere', 'x'), `${await boxLockPath(box.url, linkCase)}.turnstile`);
    expectComputerProblem(await idbox(['box', 'status', '--box', box.url], linkCase), linkCase);
    // Nothing was created through the link.
    expect(existsSync(join(root, 'nowhere'))).toBe(false);
  });

  const asNobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups', '--'];
  const canSwitchUser = () => process.getuid?.() === 0 && spawnSync('setpriv', ['--version']).status === 0;

  it('a lock folder left root-owned (0755, and 000), used by another user (run as "nobody" with setpriv)', async (t) => {
    if (!canSwitchUser()) return t.skip('needs root and setpriv, to run a program as another user');
    chmodSync(root, 0o755);
    const to = join(root, 'to3');
    mkdirSync(to, { mode: 0o777 });
    chmodSync(to, 0o777);
    for (const mode of [0o755, 0o000]) {
      const lockDir = join(root, `root-owned-${mode.toString(8)}`);
      mkdirSync(lockDir);
      chmodSync(lockDir, mode);
      expectComputerProblem(await idbox(pullTo(to), lockDir, asNobody), lockDir);
    }
  });

  it('a lock folder another user made writable by all but not sticky (so anyone could remove a held lock) is refused', async (t) => {
    if (process.getuid?.() !== 0) return t.skip('needs root, to make a folder owned by another user');
    const lockDir = join(root, 'not-sticky');
    mkdirSync(lockDir);
    chownSync(lockDir, 65534, 65534);
    chmodSync(lockDir, 0o777);
    const r = await idbox(['box', 'status', '--box', box.url], lockDir);
    expectComputerProblem(r, lockDir);
    expect(r.stdout).toMatch(/any user may remove the locks/);
  });

  it('a lock folder made by root, and a lock file left by a root program that was killed, serve every other user', async (t) => {
    if (!canSwitchUser()) return t.skip('needs root and setpriv, to run a program as another user');
    const lockDir = join(root, 'made-by-root');
    const first = await idbox(['box', 'status', '--box', box.url], lockDir);
    expect(first.code, first.stderr).toBe(0);
    // A root program holding the box is killed: its lock file stays behind, owned by root.
    const holder = spawn(process.execPath, ['--import', 'tsx', join(repo, 'tests/helpers/hold-box-lock.ts'), box.url, lockDir], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve) => holder.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve()));
    holder.kill('SIGKILL');
    await new Promise((resolve) => holder.on('exit', resolve));
    expect(existsSync(await boxLockPath(box.url, lockDir))).toBe(true);
    const second = await idbox(['box', 'status', '--box', box.url], lockDir, asNobody);
    expect(second.code, second.stderr + second.stdout).toBe(0);
  });

  it("a lock folder of the person's own with its permissions taken away (chmod 000) is repaired, not refused", async (t) => {
    if (!canSwitchUser()) return t.skip('needs root and setpriv, to run a program as another user');
    const own = join(root, 'own-closed');
    mkdirSync(own);
    chownSync(own, 65534, 65534);
    chmodSync(own, 0o000);
    const r = await idbox(['box', 'status', '--box', box.url], own, asNobody);
    expect(r.code, r.stderr + r.stdout).toBe(0);
  });
});
