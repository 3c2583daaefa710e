import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { createCatalog } from '../archive/catalog';
import { createSettings } from '../archive/settings';
import { createAutomation, type AutomationOutcome } from '../drives/automation';
import type { Volume } from '../drives/parse';
import { setQuiet } from '../log';
import { WAITING_MESSAGE } from './lock';

/**
 * One box, many programs: two `idbox pull` processes (through the real bin) and the app's
 * automatic archiving, at once, against one slow reference box that refuses and logs any
 * overlapping request. The box lock (./lock.ts) must make them take turns.
 */
setQuiet(true);
const repo = new URL('../..', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'idbox-shared-box-'));
const plain = { description: 'test', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
let box: ReferenceBox;
let seeded: SeededBackup;

beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 2, peers: 1, fastKeys: true });
  // A large bundle, so each export takes several requests and the programs really interleave.
  writeFileSync(join(seeded.folder, 'backup'), 'B'.repeat(1_500_000));
  box = await startReferenceBox({ dataDir: join(root, 'box'), delayMs: 250 });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

function cliPull(name: string, url = box.url, env: NodeJS.ProcessEnv = {}): { started: Promise<void>; done: Promise<{ code: number | null; stdout: string; stderr: string }> } {
  const to = join(root, name);
  mkdirSync(to);
  const inherited = { ...process.env };
  for (const k of ['XDG_RUNTIME_DIR', 'XDG_CACHE_HOME', 'IDBOX_LOCK_DIR', 'IDBOX_TEST_HOOKS', 'TMPDIR']) delete inherited[k];
  const child = spawn(process.execPath, [join(repo, 'bin/idbox.mjs'), 'pull', '--box', url, '--backup-id', seeded.backupId, '--to', to], {
    cwd: repo,
    env: { ...inherited, IDBOX_DATA_DIR: join(root, `${name}-data`), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let onStart: () => void;
  const started = new Promise<void>((resolve) => (onStart = resolve));
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => {
    stderr += d.toString();
    if (stderr.includes('connecting')) onStart();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => {
      onStart();
      resolve({ code, stdout, stderr });
    }),
  );
  return { started, done };
}

describe('one box shared by every program on this computer', () => {
  it('two idbox pull processes and automatic archiving at once: all succeed, no request overlaps on the box', async () => {
    const one = cliPull('one');
    const two = cliPull('two');
    await Promise.all([one.started, two.started]);

    // The app's automatic archiving, in this process, on a remembered stick plugged in now.
    const app = join(root, 'app');
    const settings = createSettings(app, plain);
    await settings.remember(box.url, seeded.backupId);
    const outcomes: AutomationOutcome[] = [];
    const auto = createAutomation({ dataDir: app, appName: 't', appVersion: '0', settings, catalog: createCatalog(app), onOutcome: (o) => outcomes.push(o) });
    const mountPoint = join(root, 'STICK');
    mkdirSync(mountPoint);
    const stick: Volume = { id: 'uuid-stick', label: 'STICK', mountPoint, size: 1e9, free: 1e9, filesystem: 'vfat', writable: true, bus: 'usb', device: null };
    await auto.onVolumes([stick]);
    await auto.enable(stick, box.url);
    await auto.onVolumes([]);
    await auto.onVolumes([stick]);

    const results = await Promise.all([one.done, two.done]);
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    expect(outcomes).toEqual([expect.objectContaining({ ok: true, label: 'STICK' })]);
    for (const dir of ['one', 'two', 'STICK']) expect(readdirSync(join(root, dir)).filter((n) => n.endsWith('.idbox'))).toHaveLength(1);
    expect(box.violations).toEqual([]);
    // They did compete for the box (so this test cannot pass by luck), and a waiting program said so.
    expect(results.some((r) => r.stderr.includes(WAITING_MESSAGE))).toBe(true);
  });

  it('localhost from a desktop session and 127.0.0.1 from cron and su, at once: all succeed, no overlap on the box', async () => {
    // One box, however it is named and whoever runs the program: the lock is keyed by the box's
    // IP and port and lives in one folder, whatever XDG_RUNTIME_DIR, HOME or TMPDIR say.
    const before = box.violations.length;
    const runtime = join(root, 'run-user-1000');
    mkdirSync(runtime, { mode: 0o700 });
    const localhost = box.url.replace('127.0.0.1', 'localhost');
    expect(localhost).not.toBe(box.url);
    const runs = [
      cliPull('desktop', localhost, { XDG_RUNTIME_DIR: runtime, HOME: join(root, 'home-a'), TMPDIR: join(root, 'tmp-a') }),
      cliPull('cron', box.url, { HOME: join(root, 'home-b') }),
      cliPull('su', `${box.url}/`, { HOME: join(root, 'home-c'), XDG_CACHE_HOME: join(root, 'cache-c') }),
    ];
    const results = await Promise.all(runs.map((r) => r.done));
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0 });
    for (const dir of ['desktop', 'cron', 'su']) expect(readdirSync(join(root, dir)).filter((n) => n.endsWith('.idbox'))).toHaveLength(1);
    expect(box.violations.slice(before)).toEqual([]);
    expect(results.some((r) => r.stderr.includes(WAITING_MESSAGE))).toBe(true);
  });
});
