import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { existsSync } from 'node:fs';
import { loadNow, pairedAlternating, type Row } from './measure';

const repo = new URL('../..', import.meta.url).pathname;

/** One process started (`npm start`, or the yardstick) until the page's main heading is visible in a running browser. */
async function once(command: string, args: string[], env: NodeJS.ProcessEnv, openPage: (url: string) => Promise<void>): Promise<number> {
  const t0 = performance.now();
  const child = spawn(command, args, { cwd: repo, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'], detached: true });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += String(d);
        const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', () => reject(new Error(`${command} ended: ${out}`)));
    });
    await openPage(url);
    return (performance.now() - t0) / 1000;
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
  }
}

/**
 * `npm start` to an interactive home screen when nothing changed (the build is already fresh),
 * paired with a yardstick in alternating order: a plain Node http server serving the same built
 * files (./plain-static.mjs) to the same point, a visible main heading in the same browser.
 */
export async function benchStart(root: string, rounds = 5): Promise<Row[]> {
  // Bring the builds up to date first: this row measures a start with nothing changed.
  spawnSync(process.execPath, [join(repo, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], { cwd: repo, stdio: 'inherit' });
  const executablePath = process.env.IDBOX_CHROMIUM ?? '/usr/bin/chromium';
  const browser = await chromium.launch({ executablePath: existsSync(executablePath) ? executablePath : undefined });
  try {
    const page = await browser.newPage();
    const open = async (url: string) => {
      await page.goto('about:blank');
      await page.goto(url);
      await page.getByRole('heading', { level: 1 }).first().waitFor({ state: 'visible' });
    };
    const start = () => once('npm', ['start', '--silent', '--', '--port', '0'], { IDBOX_FORCE_BROWSER_HOST: '1', IDBOX_DATA_DIR: join(root, 'start-data') }, open);
    const yardstick = () => once(process.execPath, [join(repo, 'scripts', 'bench', 'plain-static.mjs'), join(repo, 'dist', 'renderer')], {}, open);
    const loadBefore = loadNow();
    await start(); // warm-up of each (the first start also creates the data folder)
    await yardstick();
    const p = await pairedAlternating(rounds, start, yardstick);
    return [
      {
        what: `\`npm start\` to interactive home, nothing changed (browser host) vs a plain Node http server serving the same built files (${rounds} pairs, alternating order)`,
        measured: `${p.a.toFixed(2)} s; ${p.ratio.toFixed(2)}x the yardstick's ${p.b.toFixed(2)} s (min-max ${p.min.toFixed(2)}-${p.max.toFixed(2)}; load ${loadBefore} -> ${loadNow()})`,
        target: '< 1.2 s',
        ok: p.a < 1.2,
      },
    ];
  } finally {
    await browser.close();
  }
}
