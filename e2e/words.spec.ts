import { expect, screenshotPath, test } from './fixtures';

test('a word is judged only once it is finished, and a hidden typo is never printed', async ({ app }) => {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
  const field = page.getByRole('textbox', { name: 'Your 24 words' });
  await expect(page.getByText(/Tab completes a word\./)).toBeVisible();
  await field.pressSequentially('army del');
  // Still typing "del": suggestions to complete it, no error yet.
  await expect(page.getByRole('group', { name: /Word suggestions/ })).toBeVisible();
  await expect(page.getByText(/is not a passphrase word/)).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('words-typing'), fullPage: true });
  // Finished with a space: now it is judged, by position only while the words are hidden.
  await field.press('Space');
  await expect(page.getByText('Word 2 is not a passphrase word.')).toBeVisible();
  await expect(page.locator('.mnemonic-status')).not.toContainText('del');
  // Tab completes a word.
  await field.fill('army deli');
  await field.press('Tab');
  await expect(field).toHaveValue('army deliver ');
});
