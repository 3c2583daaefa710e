import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Page } from '@playwright/test';
import { seedBackup } from '../box/seed';
import { mnemonicToEntropy } from '../shared/mnemonic';
import { noViolationsLightAndDark } from './axe';
import { archiveDemoToStick, expect, screenshotPath, startDemoBox, test } from './fixtures';

// Two folders the app sees as USB sticks (test hook); renaming one away and back unplugs and re-plugs it.
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-copies-'));
const stickA = join(base, 'KINGSTON');
const stickB = join(base, 'SANDISK');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: [stickA, stickB].join(delimiter) } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

async function archiveDemoTo(page: Page, words: string, stickName: RegExp) {
  await archiveDemoToStick(page, words, stickName);
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 30_000 });
}

test('copies at a glance: two sticks, a changed box, and a replugged stick brought up to date', async ({ app }) => {
  test.setTimeout(150_000);
  const { page } = app;
  mkdirSync(stickA);
  mkdirSync(stickB);
  const words = (await startDemoBox(page)).join(' ');

  await archiveDemoTo(page, words, /Test stick KINGSTON/);
  await page.getByRole('button', { name: 'Archive automatically whenever this stick is plugged in' }).click();
  await expect(page.getByText(/whenever "Test stick KINGSTON" is plugged in while this app runs/)).toBeVisible();
  await archiveDemoTo(page, words, /Test stick SANDISK/);

  // Home: the demo's copies are counted by place, and labelled as the demo's.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await nav.getByRole('button', { name: 'Home' }).click();
  const headline = page.getByRole('region', { name: 'Your copies' });
  await expect(headline).toContainText('2 up-to-date copies: Test stick KINGSTON and Test stick SANDISK', { timeout: 20_000 });
  await page.screenshot({ path: screenshotPath('copies-home'), fullPage: true });

  // The box's backup changes (the demo box is seeded again with the same words).
  await seedBackup(join(app.dataDir, 'demo-box', 'backups'), { identities: 2, peers: 3, names: ['Demo Personal', 'Demo Work'], fastKeys: true, entropy: mnemonicToEntropy(words)! });
  await nav.getByRole('button', { name: 'Copies' }).click();
  await expect(page.getByRole('heading', { name: 'Your copies', level: 1 })).toBeVisible();
  const warnings = page.getByRole('list', { name: 'Warnings for the demo backup' });
  // Said once, at the top, with what to do (the copies are on sticks: plug one in).
  await expect(page.getByRole('main').getByText(/Box changed since your last copy: plug in a remembered stick/)).toHaveCount(1, { timeout: 20_000 });
  await expect(page.getByRole('table').getByText('Older')).toHaveCount(2);
  await page.screenshot({ path: screenshotPath('copies-changed'), fullPage: true });
  await noViolationsLightAndDark(page, 'Copies with warnings');

  // "Verify all copies now" reads every reachable copy back.
  await page.getByRole('button', { name: 'Verify all copies now' }).click();
  await expect(page.getByText(/Checked 2 copies: all read back intact\./)).toBeVisible({ timeout: 20_000 });

  // Plugging the remembered stick in again archives the changed backup onto it: the headline is current again.
  renameSync(stickA, `${stickA}.away`);
  await page.waitForTimeout(3000);
  renameSync(`${stickA}.away`, stickA);
  await expect(page.getByText(/Your backup was archived automatically to "Test stick KINGSTON"/)).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('status').filter({ hasText: '1 up-to-date copy: Test stick KINGSTON' }).first()).toBeVisible({ timeout: 20_000 });
  await expect(warnings).toContainText('Only Test stick KINGSTON holds an up-to-date copy. The 3-2-1 habit');
  // It is the demo: the app shows what it would say, without sending the person out for a second stick.
  await expect(warnings).toContainText('Nothing to do: this is the demo backup.');
  await expect(warnings).not.toContainText('Archive to a second stick');
  // Without system or browser notifications here, the scrub of the replugged stick is told in an in-page toast, once.
  const toasts = page.getByRole('region', { name: 'Notifications' });
  await expect(toasts.getByText(/^Checked \d+ cop(y|ies) on Test stick KINGSTON: all read back intact\.$/)).toHaveCount(1);
  // The warning about the changed box no longer holds, so its toast is gone.
  await expect(toasts.getByText("Your box's backup has changed since every copy you have.")).toHaveCount(0);
  while ((await toasts.getByRole('button', { name: 'Dismiss' }).count()) > 0) await toasts.getByRole('button', { name: 'Dismiss' }).first().click();
  await page.getByRole('button', { name: 'Dismiss' }).first().click(); // the automation banner
  await page.screenshot({ path: screenshotPath('copies'), fullPage: true });
  await nav.getByRole('button', { name: 'Home' }).click();
  await expect(headline).toContainText('1 up-to-date copy: Test stick KINGSTON');

  // A copy that no longer reads back is flagged on the Copies screen and in History, with the next step.
  const onSandisk = readdirSync(stickB).find((n) => n.endsWith('.idbox'))!;
  const data = readFileSync(join(stickB, onSandisk));
  data[data.indexOf(Buffer.from('backup/backup\0')) + 512 + 10]! ^= 0x01;
  writeFileSync(join(stickB, onSandisk), data);
  await nav.getByRole('button', { name: 'Copies' }).click();
  await page.getByRole('button', { name: 'Verify all copies now' }).click();
  await expect(page.getByText(/Checked \d+ archive files in 2 places: 1 failed\./)).toBeVisible({ timeout: 20_000 });
  await expect(warnings).toContainText(/The copy on Test stick SANDISK made .* failed its last check/);
  await nav.getByRole('button', { name: 'History' }).click();
  await expect(page.getByText(/Failed its last check/)).toHaveCount(1);
  await expect(page.getByText(/this stick may be failing/)).toBeVisible();
});
