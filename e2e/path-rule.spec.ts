import { mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { demoArchiveFormReady, expect, screenshotPath, test } from './fixtures';

// The person's home folder, for `~`: a scratch folder, so the test writes nowhere else.
const home = realpathSync(mkdtempSync(join(tmpdir(), 'idbox-e2e-home-')));
test.use({ hostEnv: { HOME: home } });

test('a typed folder follows one rule at once: ~ is the home folder, a relative path and /proc are refused in a sentence, a missing folder can be created, and a folder is never called a stick', async ({ app }) => {
  const { page } = app;
  await demoArchiveFormReady(page);
  await expect(page.getByRole('heading', { level: 2, name: '3. Where the archive goes' })).toBeVisible();
  const field = page.getByLabel('Or type the path of a folder');
  const archiveNow = page.getByRole('button', { name: 'Archive now' });

  // Relative: refused before anything, with a sentence; nothing is chosen.
  await field.fill('Backups');
  await field.press('Enter');
  await expect(page.getByText('"Backups" is not a full path. Type it from the start, beginning with / or ~ (for example /home/you/Backups).')).toBeVisible();
  await expect(archiveNow).toBeDisabled();

  // The system's own workings are not a disk.
  await field.fill('/proc');
  await field.press('Enter');
  await expect(page.getByText(/"\/proc" is not a place on a disk/)).toBeVisible();
  await expect(archiveNow).toBeDisabled();

  // ~/Backups: the home folder's Backups, not there yet: said now (not after "Archive now"), and offered.
  const backups = join(home, 'Backups');
  await field.fill('~/Backups');
  await field.press('Enter');
  await expect(page.getByText(`There is no folder "${backups}" yet. The app can create it for you.`)).toBeVisible();
  await expect(page.locator('.path-check')).not.toContainText(/stick/i);
  await expect(archiveNow).toBeDisabled();
  await page.screenshot({ path: screenshotPath('archive-folder-create'), fullPage: true });
  await noViolationsLightAndDark(page, 'a missing folder offered to be created');

  // Keyboard only: Tab from the field reaches "Use this folder", then "Create this folder".
  await field.focus();
  await page.keyboard.press('Tab');
  await page.keyboard.press('Tab');
  await expect(page.getByRole('button', { name: 'Create this folder' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByText(`Chosen folder: ${backups}`)).toBeVisible();
  await archiveNow.click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 30_000 });
  expect(readdirSync(backups).filter((f) => f.endsWith('.idbox'))).toHaveLength(1);
});
