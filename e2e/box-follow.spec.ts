import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedBackup } from '../box/seed';
import { mnemonicToEntropy } from '../shared/mnemonic';
import { enterWords, expect, firstWordSlot, screenshotPath, startDemoBox, test } from './fixtures';

// Issue #24: the view follows the box. While the app runs it asks each remembered box for its
// backup's digest once per interval (5 minutes by default; 2 s here through the test hook), so a
// new backup on the box reaches Home without the person doing anything.
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-follow-'));
const stick = join(base, 'KINGSTON');
const INTERVAL_MS = 2_000;
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick, IDBOX_BOX_CHECK_MS: String(INTERVAL_MS) } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

test("a change of the box's backup reaches Home within one interval, with no click", async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  mkdirSync(stick);
  const words = (await startDemoBox(page)).join(' ');
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('section[aria-labelledby="a-words"]')).toHaveAttribute('aria-busy', 'false');
  if (await firstWordSlot(page).isVisible().catch(() => false)) await enterWords(page, words);
  await page.getByRole('radio', { name: /Test stick KINGSTON/ }).check();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 30_000 });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
  const headline = page.getByRole('region', { name: 'Your copies' });
  await expect(headline).toContainText('1 up-to-date copy: Test stick KINGSTON', { timeout: 20_000 });

  // The phone makes its next backup: the box's backup changes. Nobody touches the app.
  const listCalls: string[] = [];
  page.on('request', (req) => {
    if (new URL(req.url()).pathname === '/api/call/copies.list') listCalls.push(req.url());
  });
  await seedBackup(join(app.dataDir, 'demo-box', 'backups'), { identities: 2, peers: 3, names: ['Demo Personal', 'Demo Work'], fastKeys: true, entropy: mnemonicToEntropy(words)! });
  // Within one interval (plus the time a loaded machine needs to draw it; no timing is asserted).
  await expect(headline).toContainText('Box changed since your last copy', { timeout: 30_000 });
  expect(listCalls.length, 'the page asked for the copies again because it was told, not by polling').toBeGreaterThanOrEqual(1);
  await page.screenshot({ path: screenshotPath('home-box-changed'), fullPage: true });

  // Nothing changes on the box any more: the view is not reloaded at every interval.
  const before = listCalls.length;
  await page.waitForTimeout(INTERVAL_MS * 3);
  expect(listCalls.length).toBe(before);
});
