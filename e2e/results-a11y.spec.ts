import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { noViolationsLightAndDark } from './axe';
import { enterWords, expect, firstWordSlot, screenshotPath, startDemoBox, test } from './fixtures';

// Result screens (and the screens a person meets when something is wrong) take the focus, are
// announced, and pass axe in light and in dark at the 720 px window minimum.

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();
const slot = (page: Page, n: number) => page.getByRole('textbox', { name: `Word ${n} of 24` });

async function openInRestore(page: Page, path: string) {
  await nav(page, 'Restore');
  await page.getByLabel('Path of the archive file (.idbox)').fill(path);
  await page.getByLabel('Path of the archive file (.idbox)').press('Enter');
}

test('restore: errors, the word slots with an error and with suggestions, and success', async ({ app }) => {
  test.setTimeout(150_000);
  const { page, workDir } = app;
  const words = await startDemoBox(page);
  const folder = join(workDir, 'Backups');
  mkdirSync(folder);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  // The answer of a Check takes the focus, and is announced (a live region).
  const answer = page.locator('.box-url-status');
  await expect(answer).toBeFocused();
  await expect(answer).toHaveAttribute('aria-live', 'polite');
  await expect(answer).toContainText('Box found.');
  await enterWords(page, words);
  await page.getByLabel('Or type the path of a folder').fill(folder);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /archived and verified/ })).toBeFocused();
  const archive = join(folder, readdirSync(folder)[0]!);

  // A file that is not an archive: the restore error screen.
  const notArchive = join(workDir, 'notes.txt');
  writeFileSync(notArchive, 'shopping list\n');
  await openInRestore(page, notArchive);
  const errorHeading = page.getByRole('alert').getByRole('heading', { level: 1 });
  await expect(errorHeading).toBeFocused();
  await noViolationsLightAndDark(page, 'restore error: not an archive');
  await page.getByRole('button', { name: 'Choose another archive' }).click();

  // Words of another backup: the restore check's own error.
  await openInRestore(page, archive);
  await enterWords(page, `${'abandon '.repeat(23)}anxiety`);
  await expect(page.getByText(/These words are valid, but they belong to a different backup/)).toBeVisible();
  await noViolationsLightAndDark(page, 'restore: words of another backup');

  // A typo, judged and named; then a word half typed with its suggestions open.
  await page.getByRole('button', { name: 'Clear all' }).click();
  await expect(firstWordSlot(page)).toBeFocused();
  const typo = [...words];
  typo[6] = `${typo[6]}x`;
  await enterWords(page, typo);
  await expect(page.getByText('Word 7 is not a passphrase word.')).toBeVisible();
  await noViolationsLightAndDark(page, 'word slots with an error');
  await slot(page, 7).fill(words[6]!.slice(0, 2));
  await expect(page.getByRole('group', { name: /Word suggestions for word 7/ })).toBeVisible();
  await noViolationsLightAndDark(page, 'word slots with suggestions open');
  await slot(page, 7).fill(words[6]!);
  await slot(page, 7).press('Enter');
  await expect(slot(page, 8)).toBeFocused();
  await expect(page.getByText(/This is your backup/)).toBeVisible();

  // Success: its heading takes the focus.
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  await page.getByRole('button', { name: 'Restore to box' }).click();
  const done = page.getByRole('heading', { level: 1, name: /Your box already had this exact backup|Your backup is back on your box/ });
  await expect(done).toBeFocused();
  await expect(page.getByRole('status').filter({ hasText: /every file/ })).toBeVisible();
  await noViolationsLightAndDark(page, 'restore success');

  // The inspect batch table of a folder of archives.
  await nav(page, 'Inspect');
  await page.getByLabel('Check every archive in a folder or on a stick').fill(folder);
  await page.getByRole('button', { name: 'Scan folder' }).click();
  await expect(page.getByRole('heading', { name: '1 archive, complete and intact' })).toBeVisible();
  await expect(page.getByRole('table')).toBeVisible();
  await noViolationsLightAndDark(page, 'inspect batch table');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 720, height: 800 });
  await page.screenshot({ path: screenshotPath('inspect-batch-dark-720'), fullPage: true });
});

test('the not-connected screen takes the focus and passes axe', async ({ app, browser }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(app.url);
  const heading = page.getByRole('heading', { level: 1, name: 'This window is not connected to the Companion' });
  await expect(heading).toBeFocused();
  await noViolationsLightAndDark(page, 'not connected');
  await context.close();
});
