import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { enterWords, expect, screenshotPath, startDemoBox, test } from './fixtures';

// The demo box behind a 1 KB/s link (test hook): slow enough to check a screen mid-operation.
const stick = mkdtempSync(join(tmpdir(), 'idbox-e2e-stick-'));
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick, IDBOX_DEMO_THROTTLE_KBPS: '1' } });
test.afterAll(() => rmSync(stick, { recursive: true, force: true }));

test('mid-archive progress and the cancelled screen: focus on the news, announced, no axe violation light or dark at 720 px', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const words = await startDemoBox(page);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
  await enterWords(page, words);
  await page.getByRole('radio', { name: /Test stick/ }).check();
  await page.getByRole('button', { name: 'Archive now' }).click();

  // The button that started the work is gone: the focus goes to what is happening now.
  await expect(page.getByRole('heading', { level: 1, name: 'Archiving your backup' })).toBeFocused();
  await expect(page.getByTestId('progress-percent')).toHaveText(/^([1-9]\d?)%$/, { timeout: 30_000 });
  await noViolationsLightAndDark(page, 'archive progress mid-download');
  await expect(page.locator('.stage[aria-current="step"]')).toHaveText(/Downloading/);

  await page.getByRole('button', { name: 'Cancel' }).click();
  const cancelled = page.getByRole('heading', { level: 1, name: 'Cancelled' });
  await expect(cancelled).toBeFocused({ timeout: 5_000 });
  // Announced as news (a status), not as an alarm.
  await expect(page.getByRole('status').filter({ has: cancelled })).toContainText('Nothing was written to the stick.');
  await noViolationsLightAndDark(page, 'archive cancelled');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 720, height: 800 });
  await page.screenshot({ path: screenshotPath('archive-cancelled-dark-720'), fullPage: true });
  expect(readdirSync(stick)).toEqual([]);
});
