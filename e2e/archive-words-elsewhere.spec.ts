import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { archiveOwnBoxToFolder, enterWords, expect, seedBox, serveBox, startDemoBox, test } from './fixtures';

test('words of a backup that lives on another box are named before "Archive now", with the box and the archive they belong to', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const boxData = join(app.workDir, 'own-box');
  const words = seedBox(boxData);
  const box = await serveBox(boxData);
  const folder = join(app.workDir, 'Backups');
  mkdirSync(folder);
  try {
    // The person's own box, archived once: the app's catalog knows the backup came from there.
    await archiveOwnBoxToFolder(page, box.url, words, folder);

    // Then the same words on the demo box's form: said at once, and "Archive now" waits.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
    await startDemoBox(page);
    await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
    await enterWords(page, words);
    const alert = page.getByRole('alert').filter({ hasText: 'has no backup for these words' });
    await expect(alert).toBeVisible({ timeout: 20_000 });
    await expect(alert).toContainText(`They belong to the backup this app archived from the box at ${box.url}`);
    await expect(alert).toContainText('Its newest archive here: idbox-');
    await page.getByLabel('Or type the path of a folder').fill(folder);
    await page.getByRole('button', { name: 'Use this folder' }).click();
    await expect(page.getByRole('button', { name: 'Archive now' })).toBeDisabled();
    await expect(page.getByText('These words are of a backup this box does not hold (see above).')).toBeVisible();
    await noViolationsLightAndDark(page, 'archive form, words of a backup on another box');
  } finally {
    await box.stop();
  }
});
