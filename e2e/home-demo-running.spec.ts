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
