import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures, type FixtureSet } from '../services/inspect/fixtures';

/**
 * `idbox verify … | head -1`, `idbox pull --help | head -0`: the reader of stdout goes away. That
 * is the end of its interest, not a failure: idbox stops quietly, with no stack trace. The reader
 * here closes its end before idbox writes anything, so every write meets EPIPE (a real `head` may
 * close it a little later; the shell case is run too).
 */
const repo = new URL('..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'idbox-epipe-'));
let fixtures: FixtureSet;
beforeAll(async () => {
  fixtures = await makeFixtures(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function withClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [join(repo, 'bin/idbox.mjs'), ...args], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
}

function shell(line: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn('bash', ['-o', 'pipefail', '-c', line], { cwd: repo, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('a reader that stops reading', () => {
  it.each([[['--help']], [['pull', '--help']], [['verify', '--help']], [['--version']], [['verify', '--recursive', 'DIR']], [['inspect', 'GOOD', '--json']]])(
    'idbox %j with stdout closed stops quietly',
    async (args) => {
      const r = await withClosedStdout(args.map((a) => (a === 'DIR' ? dir : a === 'GOOD' ? fixtures.good : a)));
      expect(r.stderr).not.toMatch(/EPIPE|Error|at .*:\d+:\d+|Unhandled/);
      expect(r.stderr).toBe('');
      // 0, or verify's own verdict on the damaged fixtures (1) when it finished first: never a crash.
      expect([0, 1]).toContain(r.code);
    },
  );

  it('the shell pipes of the report: verify | head -1 and pull --help | head -0', async () => {
    const verify = await shell(`node bin/idbox.mjs verify --recursive '${dir}' | head -1`);
    expect(verify.stderr).not.toMatch(/EPIPE|Error|at .*:\d+:\d+/);
    expect(verify.stdout.split('\n').filter(Boolean)).toHaveLength(1);
    const help = await shell('node bin/idbox.mjs pull --help | head -0');
    expect(help.stderr).toBe('');
    expect(help.code).toBe(0);
  });
});
