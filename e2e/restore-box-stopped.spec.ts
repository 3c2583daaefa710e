import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { archiveOwnBoxToFolder, enterWords, expect, screenshotPath, seedBox, serveBox, test } from './fixtures';

test('a box switched off mid-restore: the restore\u2019s own sentence, how far it got, and "Back to the form" as in Archive', async ({ app }) => {
  test.setTimeout(180_000);
  const { page, workDir } = app;
  const boxData = join(workDir, 'own-box');
  const words = seedBox(boxData, 4);
  // A slow box (2 KB/s), so the upload is still running when it is switched off.
  const box = await serveBox(boxData, ['--throttle-kbps', '2']);
  try {
    const folder = join(workDir, 'Backups');
    mkdirSync(folder);
    await archiveOwnBoxToFolder(page, box.url, words, folder);
    const archive = join(folder, readdirSync(folder)[0]!);

    // "Re-flash" the box (its backup folder gone), restore, and switch the box off mid-upload.
    for (const name of readdirSync(boxData)) rmSync(join(boxData, name), { recursive: true, force: true });
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Restore' }).click();
    await page.getByLabel('Path of the archive file (.idbox)').fill(archive);
    await page.getByLabel('Path of the archive file (.idbox)').press('Enter');
    await enterWords(page, words);
    await expect(page.getByText(/This is your backup/)).toBeVisible();
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('Box found.')).toBeVisible({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Restore to box' }).click();
    await expect(page.locator('.stage[aria-current="step"]')).toHaveText(/Putting the backup on the box/, { timeout: 60_000 });
    await expect(page.getByTestId('progress-percent')).toHaveText(/^([1-9]\d?)%$/, { timeout: 60_000 });
    await box.stop();

    const alert = page.getByRole('alert');
    await expect(alert.getByRole('heading', { level: 1 })).toBeFocused({ timeout: 60_000 });
    await expect(alert).toContainText(/stopped answering after [\d.]+ (KB|bytes|B) of [\d.]+ KB had been sent\. The box was left as it was\./);
    await expect(alert).not.toContainText('before it answered');
    await expect(alert).not.toContainText('half-finished');
    await page.screenshot({ path: screenshotPath('restore-box-stopped'), fullPage: true });
    await noViolationsLightAndDark(page, 'restore error: the box stopped mid-upload');
    // The same name for the same action as the Archive screen's error.
    await page.getByRole('button', { name: 'Back to the form' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Restore my box' })).toBeFocused();
  } finally {
    await box.stop();
  }
});
