import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { enterWords, expect, screenshotPath, startDemoBox, test } from './fixtures';

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();

async function inspect(page: Page, path: string) {
  await page.getByLabel('Archive file or backup folder').fill(path);
  await page.getByRole('main').getByRole('button', { name: 'Inspect', exact: true }).click();
}

test('a damaged archive says what it means, which file is hit, and where the other copy is', async ({ app }) => {
  const { page, workDir } = app;
  const words = (await startDemoBox(page)).join(' ');
  const folder = join(workDir, 'Backups');
  mkdirSync(folder);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await enterWords(page, words);
  await page.getByLabel('Or type the path of a folder').fill(folder);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /archived and verified/ })).toBeVisible();
  const good = join(folder, readdirSync(folder)[0]!);

  // A copy on another stick, with one byte of a key file flipped (sealed, format 2: inside its age payload).
  const other = join(workDir, 'OTHER');
  mkdirSync(other);
  const bytes = readFileSync(good);
  const at = bytes.indexOf('age-encryption.org/v1') + 200;
  expect(at).toBeGreaterThan(200);
  bytes[at] = bytes[at]! ^ 0x01;
  const damaged = join(other, 'idbox-damaged.idbox');
  writeFileSync(damaged, bytes);

  await nav(page, 'Inspect');
  await inspect(page, damaged);
  const meaning = page.locator('.report-meaning');
  await expect(meaning.getByText(/^1 file is damaged, so this archive cannot be restored as it is/)).toBeVisible();
  await expect(meaning.getByText(/a key file \(one identity's encrypted key\)/)).toBeVisible();
  await expect(meaning.getByText(/^Make a fresh archive from your box/)).toBeVisible();
  await expect(meaning.getByText('Use your other copy: 1 other archive of this backup is listed below.')).toBeVisible();
  await expect(meaning.locator('.other-copies')).toContainText(good);
  // Focus moves to the result.
  await expect(page.getByRole('heading', { name: /^Report/ })).toBeFocused();
  await page.screenshot({ path: screenshotPath('inspect-damaged-meaning'), fullPage: true });

  // At the Electron minimum width the report (its Files table too) fits without sideways scrolling.
  await page.setViewportSize({ width: 720, height: 900 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.screenshot({ path: screenshotPath('inspect-720'), fullPage: true });
});

test('inspect tells apart nothing at a path, a file that is not an archive, and a folder of archives', async ({ app }) => {
  const { page, workDir } = app;
  await nav(page, 'Inspect');

  await inspect(page, join(workDir, 'no-such-file.idbox'));
  await expect(page.getByRole('heading', { name: 'No file or folder at this path' })).toBeFocused();
  await expect(page.getByText(/Check the path for a typing mistake/)).toBeVisible();

  const note = join(workDir, 'notes.txt');
  writeFileSync(note, 'hello');
  await inspect(page, note);
  await expect(page.getByRole('heading', { name: 'This is not an Identity Box archive' })).toBeVisible();
  await expect(page.getByText(/cut short/)).toHaveCount(0);
  await expect(page.getByText(/Choose the archive itself: an \.idbox file/)).toBeVisible();
  await page.screenshot({ path: screenshotPath('inspect-not-an-archive'), fullPage: true });

  // A folder that holds archives is checked as a batch, not reported as a broken backup folder.
  await nav(page, 'Home');
  const words = (await startDemoBox(page)).join(' ');
  const stick = join(workDir, 'STICK');
  mkdirSync(stick);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await enterWords(page, words);
  await page.getByLabel('Or type the path of a folder').fill(stick);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /archived and verified/ })).toBeVisible();
  await nav(page, 'Inspect');
  await inspect(page, stick);
  await expect(page.getByRole('heading', { name: '1 archive, complete and intact' })).toBeVisible();
  await expect(page.getByText('Not a readable Identity Box backup')).toHaveCount(0);
});
