import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { enterWords, expect, screenshotPath, startDemoBox, test } from './fixtures';

test('archive the demo backup to a plugged-in stick, verified', async ({ app }) => {
  const { page } = app;
  const words = (await startDemoBox(page)).join(' ');
  expect(words.split(' ')).toHaveLength(24);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();

  // The box address is prefilled with the running demo box.
  await expect(page.getByLabel('Address of your box')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+$/);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  await expect(page.getByText('DEMO BOX', { exact: true })).toBeVisible();

  await enterWords(page, words);
  await expect(page.getByText('All 24 words are valid.')).toBeVisible();

  const stick = join(app.workDir, 'STICK');
  mkdirSync(stick);
  await page.getByLabel('Or type the path of a folder').fill(stick);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Archive now' }).click();

  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible();
  await expect(page.locator('.badge-ok', { hasText: 'Verified' })).toBeVisible();
  const files = readdirSync(stick);
  expect(files).toHaveLength(1);
  expect(files[0]).toMatch(/^idbox-.{8}-\d{8}T\d{6}Z\.idbox$/);
  await expect(page.getByText(files[0]!)).toBeVisible();
  await page.screenshot({ path: screenshotPath('archive-success'), fullPage: true });

  // History lists it, marked DEMO; a second archive needs no words (remembered for this box).
  await page.getByRole('button', { name: 'See all archives' }).click();
  await expect(page.getByRole('row', { name: new RegExp(files[0]!) }).locator('.badge-demo')).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText(/Use the backup this app remembers/)).toBeVisible();
  await page.getByLabel('Or type the path of a folder').fill(stick);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Archive now' }).click();
  // The backup did not change and its archive is there: read back and judged now, nothing new written,
  // and a duplicate only when asked for.
  await expect(page.getByRole('heading', { level: 1, name: 'Already there, verified just now' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('heading', { level: 1 })).toBeFocused();
  await expect(page.getByText(files[0]!)).toBeVisible();
  expect(readdirSync(stick)).toHaveLength(1);
  await page.screenshot({ path: screenshotPath('archive-already-there'), fullPage: true });
  await noViolationsLightAndDark(page, 'archive already there');
  await page.getByRole('button', { name: 'Write another copy here anyway' }).click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 30_000 });
  expect(readdirSync(stick)).toHaveLength(2);
});

test('a box that does not answer gets a plain sentence and a next step', async ({ app }) => {
  const { page } = app;
  await page.getByRole('button', { name: 'Archive my backup' }).first().click();
  await page.getByLabel('Address of your box').fill('127.0.0.1:1');
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Your box did not answer.')).toBeVisible();
  await expect(page.getByText(/Is it switched on and on the same network/).first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Archive now' })).toBeDisabled();
});

test('a cloud-synced folder is named plainly, once', async ({ app }) => {
  const { page } = app;
  const words = (await startDemoBox(page)).join(' ');
  const dropbox = join(app.workDir, 'Dropbox', 'Backups');
  mkdirSync(dropbox, { recursive: true });
  for (let round = 0; round < 2; round++) {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('Box found.')).toBeVisible();
    if (round === 0) await enterWords(page, words);
    await page.getByLabel('Or type the path of a folder').fill(dropbox);
    await page.getByRole('button', { name: 'Use this folder' }).click();
    const warning = page.getByText('This folder is synced by Dropbox.');
    if (round === 0) {
      await expect(warning).toBeVisible();
      await expect(page.getByRole('button', { name: 'Archive now' })).toBeDisabled();
      await page.getByLabel('I understand; archive here anyway').check();
    } else {
      await expect(page.getByText(/Use the backup this app remembers/)).toBeVisible();
      await expect(warning).toHaveCount(0);
    }
    await page.getByRole('button', { name: 'Archive now' }).click();
    // The second time the unchanged backup is already there: nothing is written again.
    await expect(page.getByRole('heading', { name: round === 0 ? /archived and verified/ : 'Already there, verified just now' })).toBeVisible();
  }
  expect(readdirSync(dropbox).filter((n) => n.endsWith('.idbox'))).toHaveLength(1);
});
