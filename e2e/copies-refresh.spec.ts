import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, screenshotPath, test } from './fixtures';

// Home shows the copies twice (the headline, and the notifications that watch for new warnings);
// each copies.list scans the sticks and asks the box, so one change must cost one call, not one
// per component. A folder the app sees as a USB stick (test hook) is plugged in by creating it.
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-refresh-'));
const stick = join(base, 'PLUGGED');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

test('plugging in a stick on Home refreshes the copies with one copies.list call, not one per component', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('region', { name: 'Your copies' })).toBeVisible();
  const calls: string[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === '/api/call/copies.list') calls.push(new Date().toISOString());
  });
  // Let the opening calls finish before counting.
  await page.waitForTimeout(1500);
  calls.length = 0;

  mkdirSync(stick);
  // The drives watcher polls every 2 s here; the event reaches the page, which asks once.
  await expect.poll(() => calls.length, { timeout: 15_000 }).toBeGreaterThanOrEqual(1);
  await page.waitForTimeout(2500);
  expect(calls, 'copies.list calls after one plug-in').toHaveLength(1);
  await expect(page.getByRole('region', { name: 'Your copies' })).toBeVisible();
  await page.screenshot({ path: screenshotPath('copies-refresh-home'), fullPage: true });
});
