import { expect, test } from './fixtures';

test('the copies settings (age limit, scheduled folder copies) are kept, on the one Settings screen Copies links to', async ({ app }) => {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Copies' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No offline copy' }).first()).toBeVisible();
  // The controls are not on Copies any more: a link says where they are.
  await expect(page.getByLabel('Days before a copy is old')).toHaveCount(0);
  await page.getByRole('main').getByRole('button', { name: 'Settings…' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  await page.getByLabel('Days before a copy is old').fill('0');
  await page.getByRole('button', { name: 'Save how copies are checked' }).click();
  await expect(page.getByText('Enter a number of days between 1 and 3650.')).toBeVisible();
  await page.getByLabel('Days before a copy is old').fill('14');
  await page.getByRole('button', { name: 'Save how copies are checked' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  // The folder schedule sits under automatic archiving.
  const automatic = page.getByRole('region', { name: 'Automatic archiving' });
  await automatic.getByLabel('Scheduled copies into folders').selectOption({ label: 'every 6 hours' });
  await automatic.getByRole('button', { name: 'Save the folder schedule' }).click();
  await expect(automatic.getByText('Saved.')).toBeVisible();
  await page.reload();
  await expect(page.getByLabel('Days before a copy is old')).toHaveValue('14');
  await expect(page.getByLabel('Scheduled copies into folders')).toHaveValue('6');
});
