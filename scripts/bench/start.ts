import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { median, type Row } from './measure';

const repo = new URL('../..', import.meta.url).pathname;

/** One `npm start` (browser host) until the home screen's heading is visible in a running browser. */
async function once(dataDir: string, openPage: (url: string) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  const child = spawn('npm', ['start', '--silent', '--', '--port', '0'], { cwd: repo, env: { ...process.env, IDBOX_FORCE_BROWSER_HOST: '1', IDBOX_DATA_DIR: dataDir }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += String(d);
        const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`npm start ended: ${out}`)));
    });
    await openPage(url);
    return (performance.now() - t0) / 1000;
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
  }
}

/** `npm start` to an interactive home screen when nothing changed (the build is already fresh). */
export async function benchStart(root: string): Promise<Row[]> {
  // Bring the builds up to date first: this row measures a start with nothing changed.
  spawnSync(process.execPath, [join(repo, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: repo, stdio: 'inherit' });
  const executablePath = process.env.IDBOX_CHROMIUM ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath: existsSync(executablePath) ? executablePath : undefined });
  try {
    const page = await browser.newPage();
    const open = async (url: string) => {
      await page.goto(url);
      await page.getByRole('heading', { level: 1 }).waitFor({ state: 'visible' });
    };
    const times: number[] = [];
    for (let i = 0; i < 4; i++) times.push(await once(join(root, 'start-data'), open));
    const t = median(times.slice(1));
    return [{ what: '`npm start` to interactive home, nothing changed (browser host)', measured: `${t.toFixed(2)} s`, target: '< 1.2 s', ok: t < 1.2 }];
  } finally {
    await browser.close();
  }
}
