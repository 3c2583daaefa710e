import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { enterWords, expect, screenshotPath, startDemoBox, test } from './fixtures';

test('settings say what they did: retention refuses 0 and negatives, says Saved; a remembered box can be forgotten; a report needs a full path', async ({ app }) => {
  const { page, workDir, dataDir } = app;
  const words = (await startDemoBox(page)).join(' ');
  const folder = join(workDir, 'Backups');
  mkdirSync(folder);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await expect(page.getByLabel('Address of your box')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+$/);
  const boxUrl = await page.getByLabel('Address of your box').inputValue();
  await page.getByRole('button', { name: 'Check' }).click();
  await enterWords(page, words);
  await page.getByLabel('Or type the path of a folder').fill(folder);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /archived and verified/ })).toBeVisible();

  // History links to the one Settings screen, where retention and the remembered boxes are.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }).click();
  await page.getByRole('main').getByRole('button', { name: 'Settings…' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Settings' })).toBeVisible();
  const field = page.getByLabel('Archives to keep per backup in each folder or stick');
  for (const bad of ['0', '-3']) {
    await field.fill(bad);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Keep at least 1 archive' })).toBeVisible();
    await expect(field).toHaveAttribute('aria-invalid', 'true');
  }
  expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).retention).toBe(10);
  await field.fill('3');
  await field.press('Enter');
  await expect(page.getByText('Saved: up to 3 archives of each backup are kept in each folder or stick.')).toBeVisible();
  expect(JSON.parse(readFileSync(join(dataDir, 'settings.json'), 'utf8')).retention).toBe(3);

  // The demo box is remembered; forgetting it is one click and says what it means.
  const remembered = page.locator('.remembered-boxes li', { hasText: boxUrl });
  await expect(remembered).toBeVisible();
  await page.screenshot({ path: screenshotPath('settings'), fullPage: true });
  await noViolationsLightAndDark(page, 'Settings with a remembered box');
  await remembered.getByRole('button', { name: 'Forget this box' }).click();
  await expect(page.getByText(`${boxUrl} is forgotten: the next archive from it asks for your 24 words again.`)).toBeVisible();
  await expect(page.getByText('No box is remembered: every archive asks for your 24 words.')).toBeVisible();

  // Saving a report in the browser version: a relative path is refused as an error, a full one says where it went.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inspect' }).click();
  await page.getByLabel('Archive file or backup folder').fill(join(folder, readdirSync(folder)[0]!));
  await page.getByRole('main').getByRole('button', { name: 'Inspect', exact: true }).click();
  await page.getByLabel('Save to (full path)').fill('report.html');
  await page.getByRole('button', { name: 'Save report' }).click();
  const refused = page.getByRole('alert').filter({ hasText: '"report.html" is not a full path. Type it from the start, beginning with / or ~ (for example /home/you/report.html).' });
  await expect(refused).toBeVisible();
  await expect(refused).toHaveClass(/error-text/);
  expect(existsSync(join(process.cwd(), 'report.html'))).toBe(false);
  const out = join(workDir, 'report.html');
  await page.getByLabel('Save to (full path)').fill(out);
  await page.getByRole('button', { name: 'Save report' }).click();
  await expect(page.getByText(`Saved to ${out}.`)).toBeVisible();
  expect(existsSync(out)).toBe(true);
});
