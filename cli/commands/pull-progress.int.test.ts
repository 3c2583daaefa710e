import { backupFingerprint } from '../../shared/archive/fingerprint';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';

// `idbox pull` as a script or a person at a terminal runs it: the real bin, a slow box, Ctrl-C.
const repo = new URL('../..', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'idbox-cli-progress-'));
let slow: ReferenceBox;
let seeded: SeededBackup;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 2, peers: 3, fastKeys: true });
  slow = await startReferenceBox({ dataDir: join(root, 'box'), throttleKbps: 8 });
});
afterAll(async () => {
  await slow.close();
  rmSync(root, { recursive: true, force: true });
});

function idbox(args: string[], onStderr?: (text: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, [join(repo, 'bin/idbox.mjs'), ...args], {
    cwd: repo,
    env: { ...process.env, IDBOX_DATA_DIR: join(root, 'data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
    onStderr?.(stderr, child);
  });
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('idbox pull on a slow box', () => {
  it('Ctrl-C cancels: exit 130, one sentence on stderr, nothing left in the folder', async () => {
    const to = join(root, 'interrupted');
    mkdirSync(to);
    let sent = false;
    const r = await idbox(['pull', '--box', slow.url, '--backup-id', seeded.backupId, '--to', to], (text, child) => {
      if (!sent && text.includes('downloading')) {
        sent = true;
        child.kill('SIGINT');
      }
    });
    expect(sent).toBe(true);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toContain('idbox: Cancelled. Nothing was written to the folder.');
    expect(r.stdout).toBe('');
    expect(readdirSync(to)).toEqual([]);
  }, 60_000);

  it('--progress-json: stdout is JSON lines only, progress with amounts, then the result', async () => {
    const to = join(root, 'json');
    mkdirSync(to);
    const r = await idbox(['pull', '--box', slow.url, '--backup-id', seeded.backupId, '--to', to, '--json', '--progress-json']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const downloading = lines.filter((l) => l.type === 'progress' && l.stage === 'downloading');
    expect(new Set(downloading.map((l) => l.done)).size).toBeGreaterThan(3);
    expect(lines.at(-1)).toMatchObject({ type: 'result', backupFingerprint: backupFingerprint(seeded.backupId), formatVersion: 1, files: 5, verified: true });
    expect(r.stdout).not.toContain(seeded.backupId);
    expect(readdirSync(to)).toEqual([String(lines.at(-1)!.archive).split('/').at(-1)]);
  }, 60_000);

  it('without --json: a summary on stdout (files, size, duration, where, verified) and stage lines on stderr', async () => {
    const to = join(root, 'summary');
    mkdirSync(to);
    const r = await idbox(['pull', '--box', slow.url, '--backup-id', seeded.backupId, '--to', to]);
    expect(r.code, r.stderr).toBe(0);
    const [name] = readdirSync(to);
    expect(r.stdout).toMatch(/^Archived and verified\.\n {2}Files: +5\n {2}Size: +[\d.]+ KB\n {2}Duration: +\d+ s\n {2}Where: +\S+\.idbox\n {2}Format: +1: key files NOT sealed.*\n {2}Verified: +yes/);
    expect(r.stdout).toContain(join(to, name!));
    expect(r.stderr).toContain('… downloading the backup');
    expect(r.stderr).not.toMatch(/\d{4}-\d\d-\d\dT.* info /);
  }, 60_000);
});
