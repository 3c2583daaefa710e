import { noViolationsLightAndDark } from './axe';
import { expect, restoreToResetOwnBox, screenshotPath, test } from './fixtures';

test('a box switched off mid-restore: the restore\u2019s own sentence, how far it got, and "Back to the form" as in Archive', async ({ app }) => {
  test.setTimeout(180_000);
  const { page, workDir } = app;
  // A slow box (2 KB/s), so the upload is still running when it is switched off.
  const box = await restoreToResetOwnBox(page, workDir, { identities: 4, throttleKbps: 2 });
  try {
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
