import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { enterWords, expect, screenshotPath, seedBox, serveBox, test } from './fixtures';

// A folder the app sees as a USB stick (test hook); renaming it away and back unplugs and re-plugs it.
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-autoctl-'));
const stick = join(base, 'RULESTICK');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

async function replug(page: Page) {
  renameSync(stick, `${stick}.away`);
  await page.waitForTimeout(3000);
  renameSync(`${stick}.away`, stick);
}

test('an automatic archive that fails because the box moved says why and offers the fix; the rule is listed with its last run and can be turned off', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  mkdirSync(stick);
  // A person's own box (not the demo box, which the app finds wherever it runs).
  const boxData = join(app.workDir, 'own-box');
  const words = seedBox(boxData);
  let box = await serveBox(boxData);
  const oldUrl = box.url;
  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
    await page.getByLabel('Address of your box').fill(oldUrl);
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
    await enterWords(page, words);
    await page.getByRole('radio', { name: /Test stick RULESTICK/ }).check();
    await page.getByRole('button', { name: 'Archive now' }).click();
    await page.getByRole('button', { name: 'Archive automatically whenever this stick is plugged in' }).click();
    await expect(page.getByText(/whenever "Test stick RULESTICK" is plugged in/)).toBeVisible();

    // The rule is listed with its stick and box; it has not run yet.
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Settings' }).click();
    const rule = page.locator('.automation-rules').getByRole('row', { name: /Test stick RULESTICK/ });
    await expect(rule).toContainText(oldUrl);
    await expect(rule).toContainText('Not run yet');

    // The box comes back on another address (restarted on a new port while the old one is taken).
    await box.stop();
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(Number(new URL(oldUrl).port), '127.0.0.1', resolve));
    box = await serveBox(boxData);
    holder.close();
    const newUrl = box.url;
    expect(newUrl).not.toBe(oldUrl);

    await replug(page);
    const toast = page.locator('.notice-toast');
    await expect(toast).toContainText('The automatic archive to "Test stick RULESTICK" did not work.', { timeout: 30_000 });
    await expect(toast).toBeInViewport();
    await expect(rule).toContainText('Failed just now');
    await page.setViewportSize({ width: 800, height: 600 });
    await page.screenshot({ path: screenshotPath('automation-failed-fix') });
    await toast.getByRole('button', { name: 'Change box address' }).click();

    const field = page.getByLabel('New address of the box for Test stick RULESTICK');
    await expect(field).toBeFocused();
    await field.fill(newUrl);
    await field.press('Enter');
    await expect(page.getByText(`Saved: "Test stick RULESTICK" now archives from ${newUrl}.`)).toBeVisible();

    // Plugged in again: it works at the new address, with no words typed.
    await replug(page);
    await expect(toast).toContainText(/archived automatically to "Test stick RULESTICK"|already up to date/, { timeout: 30_000 });
    await expect(rule).toContainText(/Archived just now|Already up to date/);

    // Turned off: the next plug-in leaves the stick alone.
    await toast.getByRole('button', { name: 'Dismiss' }).click();
    await rule.getByRole('button', { name: 'Turn off' }).click();
    await expect(page.getByText(/"Test stick RULESTICK" no longer gets an archive automatically/)).toBeVisible();
    await expect(page.locator('.automation-rules').getByRole('row', { name: /RULESTICK/ })).toHaveCount(0);
    const before = readdirSync(stick).filter((n) => n.endsWith('.idbox')).length;
    await replug(page);
    await page.waitForTimeout(4000);
    await expect(toast).toHaveCount(0);
    expect(readdirSync(stick).filter((n) => n.endsWith('.idbox'))).toHaveLength(before);
  } finally {
    await box.stop();
  }
});
