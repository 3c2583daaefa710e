import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { expect, screenshotPath, seedBox, serveBox, test } from './fixtures';

test('an https:// address for a box that speaks http: says which address it answers on and offers to use it', async ({ app }) => {
  const { page, workDir } = app;
  const data = join(workDir, 'box');
  mkdirSync(data);
  seedBox(data);
  const box = await serveBox(data);
  try {
    const https = box.url.replace('http://', 'https://');
    await page.getByRole('button', { name: 'Archive my backup' }).first().click();
    await page.getByLabel('Address of your box').fill(https);
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText(`Your box answers on ${box.url}, not https://.`)).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/Is it switched on/)).toHaveCount(0);
    await page.screenshot({ path: screenshotPath('box-https-mismatch'), fullPage: true });
    await noViolationsLightAndDark(page, 'an https address for an http box');
    // Keyboard: the offer is a button; Enter takes the address it names and checks it.
    await page.getByRole('button', { name: `Use ${box.url}` }).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Address of your box')).toHaveValue(box.url);
    await expect(page.getByText('Box found.')).toBeVisible({ timeout: 30_000 });
  } finally {
    await box.stop();
  }
});
