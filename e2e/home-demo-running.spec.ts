import { expect, startDemoBox, test } from './fixtures';

// A person who started the demo and comes back to Home is not asked to start it again.
test('Home offers to open a demo box that is already running, and opening it shows its words', async ({ app }) => {
  const { page } = app;
  const words = await startDemoBox(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
  const open = page.getByRole('button', { name: 'Open the demo box (it is running)' });
  await expect(open).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('button', { name: 'Start the demo box' })).toHaveCount(0);
  await open.click();
  await expect(page.getByRole('list', { name: 'Demo words' }).getByRole('listitem')).toHaveText(words);
});

// The app filled in the demo box's address itself: it checks it too, without taking the person's focus.
test('"Try archiving from the demo box" opens a form whose demo address is already checked', async ({ app }) => {
  const { page } = app;
  await startDemoBox(page);
  const tryIt = page.getByRole('button', { name: 'Try archiving from the demo box' });
  await tryIt.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Archive my backup' })).toBeVisible();
  // No click on Check: the answer comes by itself.
  await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('.box-ok').getByText('DEMO BOX')).toBeVisible();
  // A person who went on by keyboard meanwhile is not pulled back to the answer.
  const focused = await page.evaluate(() => document.activeElement?.closest('.box-url-status') !== null);
  expect(focused).toBe(false);
});
