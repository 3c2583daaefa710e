import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tryFileLock } from '../services/file-lock';
import { runningFile } from './running';

// `npm start` while the Companion already runs on the same data folder must not start a second
// server on the same catalog and settings: it prints the running one's link (review 2026-12-07).
const root = new URL('..', import.meta.url).pathname;
const dirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** `host/main.ts --data DIR` as npm start runs it; resolves with its output once it printed a link or ended. */
function startHost(dataDir: string): Promise<{ child: ChildProcess; out: string; exitCode: number | null }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'host/main.ts', '--port', '0', '--data', dataDir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, IDBOX_LOG: 'silent' } });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`no link in time: ${out}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (/IDBOX_HOST_URL=\S+\n/.test(out)) {
        clearTimeout(timer);
        resolve({ child, out, exitCode: null });
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ child, out, exitCode: code });
    });
  });
}

const stop = (child: ChildProcess) =>
  new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });

const linkOf = (out: string) => /IDBOX_HOST_URL=(\S+)/.exec(out)?.[1];

describe('one browser host per data folder', () => {
  it('a second start prints the running one\'s link and starts nothing; the record goes when the first stops', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'idbox-running-'));
    dirs.push(dataDir);
    const first = await startHost(dataDir);
    const link = linkOf(first.out);
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
    // The record holds the token: readable by this user only.
    expect(statSync(runningFile(dataDir)).mode & 0o077).toBe(0);

    const second = await startHost(dataDir);
    expect(second.exitCode).toBe(0);
    expect(linkOf(second.out), 'no second server').toBeUndefined();
    expect(second.out).toContain('already running with this data folder');
    expect(second.out).toContain(`  ${link}\n`);

    await stop(first.child);
    expect(existsSync(runningFile(dataDir)), 'removed when the host stops').toBe(false);
  }, 90_000);

  it('two starts in the same instant: one server, and both print its link', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'idbox-running-twice-'));
    dirs.push(dataDir);
    const [a, b] = await Promise.all([startHost(dataDir), startHost(dataDir)]);
    const started = [a, b].filter((r) => linkOf(r.out));
    expect(started, 'exactly one server').toHaveLength(1);
    const other = started[0] === a ? b : a;
    expect(other.exitCode).toBe(0);
    expect(other.out).toContain(`  ${linkOf(started[0]!.out)}\n`);
    await stop(started[0]!.child);
  }, 90_000);

  it('a start that finds another one starting (the folder locked, no link yet) waits for that one\'s link instead of starting a second server', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'idbox-running-starting-'));
    dirs.push(dataDir);
    // Another host has the folder and is still starting: it holds the lock, its record is not written yet.
    const lock = await tryFileLock(join(dataDir, 'browser-host.lock'));
    expect(lock).not.toBeNull();
    const server = createServer((req, res) => res.end(JSON.stringify({ instance: 'the-other-run' })));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const openUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/#token=other`;
    try {
      const pending = startHost(dataDir);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      // The other host is up now and writes its record.
      writeFileSync(runningFile(dataDir), JSON.stringify({ pid: process.pid, openUrl, instance: 'the-other-run' }));
      const second = await pending;
      expect(linkOf(second.out), 'no second server').toBeUndefined();
      expect(second.exitCode).toBe(0);
      expect(second.out).toContain(`  ${openUrl}\n`);
    } finally {
      server.close();
      await lock!.release();
    }
  }, 90_000);

  it('a record left behind (its process gone, or its address not answering as that run) is ignored and replaced', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'idbox-running-stale-'));
    dirs.push(dataDir);
    const gone = spawnSync(process.execPath, ['-e', 'process.pid']).pid!;
    for (const pid of [gone, process.pid === 1 ? 2 : 1]) {
      // A dead process; then a live one (pid 1 always runs) whose address answers nothing.
      writeFileSync(runningFile(dataDir), JSON.stringify({ pid, openUrl: 'http://127.0.0.1:9/#token=old', instance: 'old-run' }));
      const started = await startHost(dataDir);
      expect(linkOf(started.out), `record with pid ${pid}`).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=/);
      expect(JSON.parse(readFileSync(runningFile(dataDir), 'utf8'))).toMatchObject({ pid: started.child.pid, openUrl: linkOf(started.out) });
      await stop(started.child);
    }
  }, 90_000);
});
