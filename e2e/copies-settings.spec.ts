import { expect, test } from './fixtures';

test('the copies settings (age limit, scheduled folder copies) are kept', async ({ app }) => {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Copies' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'No offline copy' }).first()).toBeVisible();
  await page.getByText('How copies are counted').click();
  await page.getByLabel('Days before a copy is old').fill('0');
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Enter a number of days between 1 and 3650.')).toBeVisible();
  await page.getByLabel('Days before a copy is old').fill('14');
  await page.getByLabel('Scheduled copies into folders').selectOption({ label: 'every 6 hours' });
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Saved.')).toBeVisible();
  await page.reload();
  await page.getByText('How copies are counted').click();
  await expect(page.getByLabel('Days before a copy is old')).toHaveValue('14');
  await expect(page.getByLabel('Scheduled copies into folders')).toHaveValue('6');
});
