import { _electron as electron, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

// Launches the real Electron app where its runtime binary is installed. Where it is not (it is
// downloaded from outside the npm registry, which our build machines cannot reach), this project
// reports its test as skipped, with the reason.
const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), '..');

function electronBinary(): string | null {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const bin = join(dir, 'dist', readFileSync(join(dir, 'path.txt'), 'utf8').trim());
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const noDisplay = process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY;
const reason = !binary
  ? 'the Electron runtime binary is not installed here (npx install-electron needs the internet)'
  : noDisplay
    ? 'no display (run under xvfb-run)'
    : '';
if (reason) console.log(`electron e2e skipped: ${reason}`);

test('the Electron app opens the home screen with a hardened window', async () => {
  test.skip(Boolean(reason), reason);
  execFileSync(process.execPath, [join(root, 'scripts', 'build-electron.mjs')], { cwd: root });
  const app = await electron.launch({ args: [root], executablePath: binary ?? undefined });
  try {
    const page = await app.firstWindow();
    await expect(page.getByRole('heading', { name: 'Keep a safe, offline copy of your Identity Box backup' })).toBeVisible();
    const prefs = await app.evaluate(({ BrowserWindow }) => {
      const wc = BrowserWindow.getAllWindows()[0]!.webContents;
      return { url: wc.getURL() };
    });
    expect(prefs.url).toMatch(/^app:\/\/renderer\//);
    // The page has the api object and no Node.
    expect(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).idboxCompanion)).toBe('object');
    expect(await page.evaluate(() => typeof (window as unknown as Record<string, unknown>).require)).toBe('undefined');
    const info = await page.evaluate(() =>
      (window as unknown as { idboxCompanion: { invoke(n: string, r: unknown): Promise<unknown> } }).idboxCompanion.invoke('app.info', {}),
    );
    expect(info).toMatchObject({ ok: true, value: { host: 'electron' } });
  } finally {
    await app.close();
  }
});
