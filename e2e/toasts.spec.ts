import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enterWords, expect, screenshotPath, startDemoBox, test } from './fixtures';

// Notices float at the bottom of the window. At 720 px (the desktop app's narrowest) they used to
// sit on top of "Archive now" with no way to scroll past them, and the demo's own 3-2-1 warning
// popped up as if it were about the person's backup.
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-toast-'));
const stick = join(base, 'NOTICESTICK');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick }, viewport: { width: 720, height: 800 }, colorScheme: 'dark' });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

test('at 720 px a notice never covers the last button of the screen, and the demo raises no pop-up warnings', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  mkdirSync(stick);
  const words = (await startDemoBox(page)).join(' ');
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await enterWords(page, words);
  await page.getByRole('radio', { name: /Test stick NOTICESTICK/ }).check();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible();
  await page.getByRole('button', { name: 'Archive automatically whenever this stick is plugged in' }).click();
  await expect(page.getByText(/whenever "Test stick NOTICESTICK" is plugged in while this app runs/)).toBeVisible();

  // Unplug and plug the stick back in: the automatic archive reports in a notice (good news goes by itself after 15 s).
  renameSync(stick, `${stick}.away`);
  await page.waitForTimeout(3000);
  renameSync(`${stick}.away`, stick);
  const notice = page.locator('.automation-notice');
  await expect(notice).toContainText('already up to date', { timeout: 20_000 });

  // The archive form, scrolled to its end: "Archive now" is above the notice, reachable by a click.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  // Scrolled to the end with the mouse wheel, as a person does (the page, not the notices, scrolls).
  await page.mouse.move(360, 300);
  await page.mouse.wheel(0, 100_000);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const button = page.getByRole('button', { name: 'Archive now' });
  const [b, n] = [await button.boundingBox(), await notice.boundingBox()];
  expect(b && n).toBeTruthy();
  expect(b!.y + b!.height, 'the button ends above the notice').toBeLessThanOrEqual(n!.y);
  await page.screenshot({ path: screenshotPath('notice-720-dark-clear-of-archive-now'), fullPage: false });

  // Nothing popped up about the demo backup's copies (its warnings belong on the Copies screen).
  await expect(page.getByRole('region', { name: 'Notifications' }).getByText(/3-2-1|up-to-date copy/)).toHaveCount(0);
});
