import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { codeOf } from '../../tests/helpers/assert';
import { backupRef } from '../archive/catalog';
import { createSettings } from '../archive/settings';
import { setQuiet } from '../log';
import { askOnce, watchBoxes, type Seen } from './watch-box';

// The box watch against a real reference box and a real other program holding the box's lock.
setQuiet(true);
const repo = new URL('../..', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'idbox-watch-box-int-'));
const lockDir = join(root, 'locks');
const plain = { description: 'plain', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
const entropy = new Uint8Array(32).fill(8);
let box: ReferenceBox;
let seeded: SeededBackup;
let holder: ChildProcess | null = null;
const previousLockDir = process.env.IDBOX_LOCK_DIR;
const previousHooks = process.env.IDBOX_TEST_HOOKS;

beforeAll(async () => {
  // IDBOX_LOCK_DIR is a test hook: honoured only with IDBOX_TEST_HOOKS=1.
  process.env.IDBOX_TEST_HOOKS = '1';
  process.env.IDBOX_LOCK_DIR = lockDir;
  seeded = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true, entropy });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
});
afterAll(async () => {
  if (holder && holder.exitCode === null) holder.kill('SIGKILL');
  await box.close();
  if (previousLockDir === undefined) delete process.env.IDBOX_LOCK_DIR;
  else process.env.IDBOX_LOCK_DIR = previousLockDir;
  if (previousHooks === undefined) delete process.env.IDBOX_TEST_HOOKS;
  else process.env.IDBOX_TEST_HOOKS = previousHooks;
  rmSync(root, { recursive: true, force: true });
});

/** Another program (tests/helpers/hold-box-lock.ts) takes the box and keeps it. */
async function holdBox(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'tests/helpers/hold-box-lock.ts'), url, lockDir], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
  });
  return child;
}

describe('the box watch and other programs', () => {
  it('does not ask, nor wait, while another program holds the box; asks again once it is free, and tells the change', async () => {
    const settings = createSettings(join(root, 'app'), plain);
    await settings.remember(box.url, seeded.backupId);
    const seen: Seen = new Map();
    let changes = 0;
    const watch = watchBoxes({ settings, seen, demo: async () => ({ backupId: null, url: null }), intervalMs: async () => 60_000, onChange: () => (changes += 1) });

    expect(await watch.look()).toBe(false);
    const first = seen.get(backupRef(seeded.backupId));
    expect(first).toMatch(/^[0-9a-f]{64}$/);

    holder = await holdBox(box.url);
    expect(await codeOf(askOnce(box.url, seeded.backupId))).toBe('box-busy');
    await seedBackup(join(root, 'box'), { identities: 2, fastKeys: true, entropy }); // the phone's next backup
    expect(await watch.look()).toBe(false); // the box is busy: not asked this time
    expect(seen.get(backupRef(seeded.backupId))).toBe(first);

    holder.kill('SIGKILL');
    await new Promise((r) => holder!.once('exit', r));
    expect(await watch.look()).toBe(true);
    expect(changes).toBe(1);
    expect(seen.get(backupRef(seeded.backupId))).not.toBe(first);
  }, 60_000);
});
