import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { noViolations } from './axe';
import { enterWords, expect, firstWordSlot, screenshotPath, startDemoBox, test } from './fixtures';

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();

for (const variant of [
  { name: 'light', width: 1280, height: 800, scheme: 'light' as const },
  { name: 'dark-720', width: 720, height: 800, scheme: 'dark' as const },
]) {
  test(`every screen passes axe with no violations (${variant.name}) and has one h1`, async ({ app }) => {
    test.setTimeout(120_000);
    const { page, workDir } = app;
    await page.emulateMedia({ colorScheme: variant.scheme });
    await page.setViewportSize({ width: variant.width, height: variant.height });
    const check = async (screen: string) => {
      await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
      await noViolations(page, `${screen} (${variant.name})`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${screen} fits its width`).toBeLessThanOrEqual(0);
    };

    await check('home');
    if (variant.scheme === 'dark') await page.screenshot({ path: screenshotPath(`home-${variant.name}`), fullPage: true });
    for (const screen of ['Archive', 'Restore', 'Inspect', 'Copies', 'History', 'Settings', 'Demo box']) {
      await nav(page, screen);
      await check(screen);
    }
    await nav(page, 'Home');
    const words = (await startDemoBox(page)).join(' ');
    await check('demo running');

    // Archive: setup, then the error screen of a missing destination, then success.
    await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('Box found.')).toBeVisible();
    await enterWords(page, words);
    await check('archive ready');
    // A folder removed after it was chosen: the archive's error screen. (A missing folder cannot be chosen.)
    const gone = join(workDir, 'gone');
    mkdirSync(gone);
    await page.getByLabel('Or type the path of a folder').fill(gone);
    await page.getByRole('button', { name: 'Use this folder' }).click();
    await expect(page.getByText(`Chosen folder: ${gone}`)).toBeVisible();
    rmSync(gone, { recursive: true });
    await page.getByRole('button', { name: 'Archive now' }).click();
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('Archive my backup');
    await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
    await check('archive error');
    await page.getByRole('button', { name: 'Back to the form' }).click();
    const folder = join(workDir, 'Backups');
    mkdirSync(folder);
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('Box found.')).toBeVisible();
    if (await firstWordSlot(page).isVisible()) await enterWords(page, words);
    await page.getByLabel('Or type the path of a folder').fill(folder);
    await page.getByRole('button', { name: 'Use this folder' }).click();
    await page.getByRole('button', { name: 'Archive now' }).click();
    await expect(page.getByRole('heading', { level: 1, name: /archived and verified/ })).toBeVisible();
    await check('archive success');
    if (variant.scheme === 'dark') await page.screenshot({ path: screenshotPath(`archive-success-${variant.name}`), fullPage: true });

    await nav(page, 'History');
    await check('history with an archive');
    await page.getByRole('row', { name: /idbox-/ }).getByRole('button', { name: 'Inspect' }).click();
    await expect(page.getByRole('heading', { name: /^Report/ })).toBeVisible();
    await check('inspect report');
    await nav(page, 'History');
    await page.getByRole('row', { name: /idbox-/ }).getByRole('button', { name: 'Restore' }).click();
    await enterWords(page, words);
    await expect(page.getByText(/This is your backup/)).toBeVisible();
    await check('restore checks');
  });
}

test('at 800x600 every screen opens scrolled to the top with its header in view', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 800, height: 600 });
  for (const screen of ['Archive', 'Restore', 'Inspect', 'Copies', 'History', 'Settings', 'Demo box', 'Home']) {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await nav(page, screen);
    await expect(page.getByRole('heading', { level: 1 }).first()).toBeInViewport();
    await expect.poll(() => page.evaluate(() => window.scrollY), { message: `${screen} opens at the top` }).toBe(0);
    await expect(page.locator('.app-header')).toBeInViewport();
  }
  await page.screenshot({ path: screenshotPath('home-800x600') });
});

test('Enter submits single-field forms; a disabled Restore button says why', async ({ app }) => {
  const { page, workDir } = app;
  const words = (await startDemoBox(page)).join(' ');
  const folder = join(workDir, 'Backups');
  mkdirSync(folder);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await enterWords(page, words);
  await page.getByLabel('Or type the path of a folder').fill(folder);
  await page.getByLabel('Or type the path of a folder').press('Enter');
  await expect(page.getByText(`Chosen folder: ${folder}`)).toBeVisible();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /archived and verified/ })).toBeVisible();
  const archive = join(folder, readdirSync(folder)[0]!);

  await nav(page, 'Inspect');
  await page.getByLabel('Archive file or backup folder').fill(archive);
  await page.getByLabel('Archive file or backup folder').press('Enter');
  await expect(page.getByRole('heading', { name: /^Report/ })).toBeFocused();

  await nav(page, 'Restore');
  await page.getByLabel('Path of the archive file (.idbox)').fill(archive);
  await page.getByLabel('Path of the archive file (.idbox)').press('Enter');
  await enterWords(page, words);
  await page.getByLabel('Address of your box').fill('');
  const restore = page.getByRole('button', { name: 'Restore to box' });
  await expect(restore).toBeDisabled();
  await expect(restore).toHaveAccessibleDescription('First check your box address.');
});

test('the page loads without console errors (no CSP directive the browser must ignore)', async ({ page, app }) => {
  const messages: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') messages.push(m.text());
  });
  await page.goto(`${app.url}`);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 }).first()).toBeVisible();
  expect(messages.filter((m) => /Content Security Policy|frame-ancestors/i.test(m))).toEqual([]);
});
