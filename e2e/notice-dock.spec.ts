import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { noViolationsLightAndDark } from './axe';
import { demoArchiveFormReady, expect, screenshotPath, test } from './fixtures';

const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-dock-'));
const stick = join(base, 'DOCKSTICK');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

const overlaps = async (a: Locator, b: Locator) => {
  const [x, y] = [await a.boundingBox(), await b.boundingBox()];
  if (!x || !y) return false;
  return x.x < y.x + y.width && y.x < x.x + x.width && x.y < y.y + y.height && y.y < x.y + x.height;
};

test('notices share one dock, never cover the word being typed, and go by themselves when they only inform', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  mkdirSync(stick);
  await demoArchiveFormReady(page);
  await page.getByRole('radio', { name: /Test stick DOCKSTICK/ }).check();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 30_000 });
  // The offer to archive automatically comes while the stick is in, before the advice to remove it.
  const offer = await page.getByRole('button', { name: 'Archive automatically whenever this stick is plugged in' }).boundingBox();
  const removeAdvice = await page.getByText('Remove the stick and keep it somewhere safe').boundingBox();
  expect(offer!.y).toBeLessThan(removeAdvice!.y);
  await page.getByRole('button', { name: 'Archive automatically whenever this stick is plugged in' }).click();
  await expect(page.getByText(/whenever "Test stick DOCKSTICK" is plugged in while this app runs/)).toBeVisible();

  // Back to typing words; word 16 sits at the very bottom of the window when the notices arrive.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await page.getByRole('radio', { name: 'Use different words' }).check();
  const slot = page.getByRole('textbox', { name: 'Word 16 of 24' });
  await slot.evaluate((el) => el.scrollIntoView({ block: 'end' }));
  await slot.focus();
  renameSync(stick, `${stick}.away`);
  await page.waitForTimeout(3000);
  renameSync(`${stick}.away`, stick);
  const dock = page.locator('.toast-dock');
  const notice = page.locator('.automation-notice');
  await expect(notice).toContainText('already up to date', { timeout: 30_000 });
  // The word being typed was moved clear of the dock, and stays the focus.
  await expect(slot).toBeFocused();
  await expect.poll(() => overlaps(slot, dock), { timeout: 10_000 }).toBe(false);
  await page.keyboard.type('abandon');
  await expect(slot).toHaveValue('abandon');
  await page.screenshot({ path: screenshotPath('notice-dock-clear-of-words'), fullPage: false });
  // Every notice is in the one dock, one above the other, on the same edge.
  const boxes = await dock.locator(':scope > *').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().right)));
  expect(new Set(boxes).size).toBeLessThanOrEqual(1);
  await noViolationsLightAndDark(page, 'a notice in the dock');
  // Good news only informs: it goes by itself.
  await expect(notice).toHaveCount(0, { timeout: 45_000 });
});
