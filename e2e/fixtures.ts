import { test as base, expect, type Page } from '@playwright/test';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface AppFixture {
  /** The page, opened on the app's home screen with its token. */
  page: Page;
  /** The address without the token. */
  url: string;
  /** This run's own app data folder (settings, catalog, demo box). */
  dataDir: string;
  /** A scratch folder for the test (destinations, archives). */
  workDir: string;
  /** Environment given to the host: extend through `hostEnv` before the fixture starts. */
}

const root = new URL('..', import.meta.url).pathname;

/** Starts the real browser host (tsx host/main.ts) on a free loopback port. */
export async function startHost(dataDir: string, env: NodeJS.ProcessEnv, port = 0): Promise<{ child: ChildProcess; openUrl: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'host/main.ts', '--port', String(port), '--data', dataDir], {
    cwd: root,
    env: { ...process.env, IDBOX_TEST_HOOKS: '1', IDBOX_EXIT_WITH_STDIN: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const openUrl = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`host did not start in time\n${stderr}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const match = /IDBOX_HOST_URL=(\S+)/.exec(out);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`host exited with ${code}\n${stderr}`));
    });
  });
  return { child, openUrl };
}

/** Stops a host started with startHost, as Ctrl-C would, and waits until it has ended. */
export async function stopHost(child: ChildProcess): Promise<void> {
  child.stdin?.end();
  child.kill('SIGTERM');
  if (child.exitCode === null) await new Promise((r) => child.once('exit', r));
}

export const test = base.extend<{ app: AppFixture; hostEnv: NodeJS.ProcessEnv }>({
  hostEnv: [{}, { option: true }],
  app: async ({ page, hostEnv }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'idbox-e2e-data-'));
    const workDir = mkdtempSync(join(tmpdir(), 'idbox-e2e-work-'));
    const { child, openUrl } = await startHost(dataDir, { IDBOX_E2E_WORK: workDir, ...hostEnv });
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(err.message));
    await page.goto(openUrl);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    try {
      await use({ page, url: openUrl.split('#')[0] ?? openUrl, dataDir, workDir });
      expect(errors, 'no uncaught errors in the page').toEqual([]);
    } finally {
      child.stdin?.end();
      child.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(workDir, { recursive: true, force: true });
    }
  },
});

export { expect };

/**
 * Where e2e tests save screenshots: test-results/screenshots normally; the README's copies in
 * docs/screenshots when IDBOX_UPDATE_SCREENSHOTS=1 (they hold temp paths and times, so refreshing them
 * on every run would leave the work tree changed after each `npm test`).
 */
export const screenshotPath = (name: string) =>
  process.env.IDBOX_UPDATE_SCREENSHOTS === '1' ? join(root, 'docs', 'screenshots', `${name}.png`) : join(root, 'test-results', 'screenshots', `${name}.png`);

/** Starts the demo box from the home screen, as a newcomer would, and returns its 24 words. */
export async function startDemoBox(page: Page): Promise<string[]> {
  // One click on Home starts it; on the demo screen itself, its own button does.
  await page.getByRole('button', { name: 'Start the demo box' }).click();
  const demoWords = page.getByRole('list', { name: 'Demo words' }).getByRole('listitem');
  await expect(demoWords).toHaveCount(24, { timeout: 30_000 });
  return demoWords.allTextContents();
}

/** Word 1 of the 24 slots: where a person pastes their whole phrase. */
export const firstWordSlot = (page: Page) => page.getByRole('textbox', { name: 'Word 1 of 24' });

/**
 * Enters the 24 words the way a person copying from a note does: all of them into word 1, which
 * spreads them over the 24 numbered slots.
 */
export async function enterWords(page: Page, words: string | readonly string[]): Promise<void> {
  await firstWordSlot(page).fill(typeof words === 'string' ? words : words.join(' '));
}

/** The words in the 24 slots now, joined by spaces (empty slots left out). */
export async function wordsInSlots(page: Page): Promise<string> {
  const values = await page.getByRole('group', { name: /24 words/ }).getByRole('textbox', { name: /^Word \d+ of 24$/ }).evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value));
  return values.filter(Boolean).join(' ');
}

/**
 * A reference box (`idbox box serve`) on loopback, over `dataDir`, as a person's own box would be:
 * not the app's demo box. `extra`: more `box serve` options. Stop it with `stop()`.
 */
export async function serveBox(dataDir: string, extra: string[] = []): Promise<{ url: string; stop: () => Promise<void> }> {
  const box = spawn(process.execPath, [join(root, 'bin', 'idbox.mjs'), 'box', 'serve', '--data', dataDir, '--port', '0', ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  const ended = new Promise<void>((resolve) => box.on('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    box.stdout!.on('data', (d) => {
      out += String(d);
      const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    box.on('exit', () => reject(new Error(`the reference box ended: ${out}`)));
  });
  return {
    url,
    stop: async () => {
      if (box.exitCode === null && box.signalCode === null) box.kill('SIGTERM');
      await ended;
    },
  };
}

/** Seeds one made-up backup into `dataDir` with `idbox box seed`; returns its 24 words. */
export function seedBox(dataDir: string, identities = 1): string {
  const words = join(dataDir, '..', `words-${Date.now()}.txt`);
  execFileSync(process.execPath, [join(root, 'bin', 'idbox.mjs'), 'box', 'seed', '--data', dataDir, '--identities', String(identities), '--mnemonic-out', words], { env: { ...process.env, IDBOX_LOG: 'silent' } });
  return readFileSync(words, 'utf8').trim();
}

/** From the demo box screen through Check, the words (when asked) and the stick, to "Archive now". */
export async function archiveDemoToStick(page: Page, words: string, stickName: RegExp): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Demo box' }).click();
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  // The words are asked for only once the app knows whether it remembers this box's backup.
  await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('section[aria-labelledby="a-words"]')).toHaveAttribute('aria-busy', 'false');
  if (await firstWordSlot(page).isVisible().catch(() => false)) await enterWords(page, words);
  await page.getByRole('radio', { name: stickName }).check();
  await page.getByRole('button', { name: 'Archive now' }).click();
}

/**
 * "Archive now" through "archived and verified", for tests that want a second archive of an unchanged
 * backup in the same place: the app then first says "Already there, verified just now" and writes
 * another copy only when asked, which this does.
 */
export async function archiveNowWritingAnother(page: Page, timeout = 30_000): Promise<void> {
  await page.getByRole('button', { name: 'Archive now' }).click();
  const done = page.getByRole('heading', { level: 1, name: /archived and verified/ });
  const there = page.getByRole('heading', { level: 1, name: 'Already there, verified just now' });
  await expect(done.or(there)).toBeVisible({ timeout });
  if (await there.isVisible()) await page.getByRole('button', { name: 'Write another copy here anyway' }).click();
  await expect(done).toBeVisible({ timeout });
}

/** Starts the demo box and brings its archive form to "Box found" with all 24 words valid; returns the words. */
export async function demoArchiveFormReady(page: Page): Promise<string> {
  const words = (await startDemoBox(page)).join(' ');
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  await enterWords(page, words);
  await expect(page.getByText('All 24 words are valid.')).toBeVisible();
  return words;
}

/** Archives a person's own box (its address typed, the words entered) to a folder, through "archived and verified". */
export async function archiveOwnBoxToFolder(page: Page, boxUrl: string, words: string, folder: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
  await page.getByLabel('Address of your box').fill(boxUrl);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible({ timeout: 30_000 });
  await enterWords(page, words);
  await page.getByLabel('Or type the path of a folder').fill(folder);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /archived and verified/ })).toBeVisible({ timeout: 90_000 });
}

/**
 * A person's own box behind a slow link (`throttleKbps`), archived to a folder, then "re-flashed"
 * (its backup gone), and the restore of that archive started ("Restore to box" clicked). Stop the box with `stop()`.
 */
export async function restoreToResetOwnBox(page: Page, workDir: string, options: { identities: number; throttleKbps: number }): Promise<{ stop: () => Promise<void> }> {
  const boxData = join(workDir, 'own-box');
  const words = seedBox(boxData, options.identities);
  const box = await serveBox(boxData, ['--throttle-kbps', String(options.throttleKbps)]);
  const folder = join(workDir, 'Backups');
  mkdirSync(folder);
  await archiveOwnBoxToFolder(page, box.url, words, folder);
  const archive = join(folder, readdirSync(folder)[0]!);
  for (const name of readdirSync(boxData)) rmSync(join(boxData, name), { recursive: true, force: true });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Restore' }).click();
  await page.getByLabel('Path of the archive file (.idbox)').fill(archive);
  await page.getByLabel('Path of the archive file (.idbox)').press('Enter');
  await enterWords(page, words);
  await expect(page.getByText(/This is your backup/)).toBeVisible();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Restore to box' }).click();
  return box;
}
