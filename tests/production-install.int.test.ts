import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// A production install (`npm ci --omit=dev`, what a packager or a support desk does) must leave an
// `idbox` that runs: it used to exit 70 because it builds itself with esbuild, then a dev dependency.
// The copy holds exactly the files git tracks, as a fresh clone would; npm is asked to prefer its
// cache (CI's own `npm ci` filled it), and the test is skipped with the reason if the registry and
// the cache both fail.
const repo = new URL('..', import.meta.url).pathname;
const work = mkdtempSync(join(tmpdir(), 'idbox-prod-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function copyTracked(to: string) {
  const files = spawnSync('git', ['ls-files', '-z'], { cwd: repo, encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const f of files) {
    if (f.startsWith('docs/screenshots/')) continue;
    mkdirSync(dirname(join(to, f)), { recursive: true });
    try {
      copyFileSync(join(repo, f), join(to, f));
    } catch {
      /* a file deleted in the working tree but not yet from git */
    }
  }
  return files.length;
}

const app = join(work, 'app');
const install = (() => {
  if (copyTracked(app) < 100) return { ok: false, reason: 'git ls-files listed too few files (not a git checkout?)' };
  const res = spawnSync('npm', ['ci', '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: app, encoding: 'utf8', timeout: 240_000 });
  if (res.status === 0) return { ok: true, reason: '' };
  const out = `${res.stdout}\n${res.stderr}`;
  if (/ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ECONNREFUSED|ENETUNREACH|network/i.test(out)) return { ok: false, reason: `npm could not reach the registry or its cache: ${out.split('\n').find((l) => /ERR/.test(l)) ?? ''}` };
  throw new Error(`npm ci --omit=dev failed:\n${out.slice(-2000)}`);
})();
if (!install.ok) console.log(`skipped: production install test: ${install.reason}`);

const idbox = (args: string[]) => spawnSync(process.execPath, [join(app, 'bin', 'idbox.mjs'), ...args], { cwd: work, encoding: 'utf8', timeout: 120_000, env: { ...process.env, IDBOX_DATA_DIR: join(work, 'data'), IDBOX_LOG: 'silent' } });

describe.skipIf(!install.ok)('idbox after npm ci --omit=dev', () => {
  it('has no dev dependency installed', () => {
    const pkg = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    expect(spawnSync('test', ['-e', join(app, 'node_modules', 'vitest')]).status).not.toBe(0);
    expect(Object.keys(pkg.devDependencies)).toContain('vitest');
  });

  it('prints its version', () => {
    const res = idbox(['--version']);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
    expect(res.stdout.trim()).toBe((JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string }).version);
  });

  it('seeds a box, serves it, pulls and verifies an archive: every run-time dependency is there', async () => {
    const words = join(work, 'words.txt');
    expect(idbox(['box', 'seed', '--data', join(work, 'box'), '--identities', '2', '--mnemonic-out', words]).status).toBe(0);
    const serve = spawn(process.execPath, [join(app, 'bin', 'idbox.mjs'), 'box', 'serve', '--data', join(work, 'box'), '--port', '0'], { env: { ...process.env, IDBOX_LOG: 'info' } });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let seen = '';
        const timer = setTimeout(() => reject(new Error(`box serve printed no address: ${seen}`)), 60_000);
        const look = (d: Buffer) => {
          seen += String(d);
          const m = /http:\/\/127\.0\.0\.1:\d+/.exec(seen);
          if (m) {
            clearTimeout(timer);
            resolve(m[0]);
          }
        };
        serve.stdout.on('data', look);
        serve.stderr.on('data', look);
      });
      const to = join(work, 'archives');
      mkdirSync(to);
      const pull = await new Promise<{ status: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, [join(app, 'bin', 'idbox.mjs'), 'pull', '--box', url, '--mnemonic-file', words, '--to', to, '--json'], { env: { ...process.env, IDBOX_DATA_DIR: join(work, 'data'), IDBOX_LOG: 'silent' } });
        let out = '';
        child.stdout.on('data', (d) => (out += String(d)));
        child.stderr.on('data', (d) => (out += String(d)));
        child.on('close', (status) => resolve({ status, out }));
      });
      expect(pull.status, pull.out).toBe(0);
      const verify = idbox(['verify', to, '--recursive']);
      expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    } finally {
      serve.kill();
    }
  });
});
