import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { expect, screenshotPath, startHost, stopHost, test } from './fixtures';

// A browser window of the browser host that cannot reach the Companion says so on one clear
// screen, instead of an app that looks normal and does nothing.

test('opened without its #token: "not connected", with the next step', async ({ app, browser }) => {
  const page = await browser.newPage();
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'This window is not connected to the Companion' })).toBeVisible();
  await expect(page.getByText(/Open the link that npm start printed/)).toBeVisible();
  await expect(page.getByText('Looking for USB sticks')).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('not-connected'), fullPage: true });
  await page.close();
});

test('opened without its #token, then the printed link pasted into the same tab: the app opens', async ({ app, browser }) => {
  const token = await app.page.evaluate(() => sessionStorage.getItem('idbox-host-token'));
  expect(token).toBeTruthy();
  const page = await browser.newPage();
  await page.goto(app.url);
  await expect(page.getByRole('heading', { name: 'This window is not connected to the Companion' })).toBeVisible();
  // Only the fragment differs, so the browser does not load the page again by itself.
  await page.goto(`${app.url}#token=${token}`);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible({ timeout: 10_000 });
  await expect(page.getByRole('heading', { name: /not connected/ })).toHaveCount(0);
  // The key never stays in the address bar.
  expect(page.url()).not.toContain('token=');
  await page.close();
});

test('opened with a wrong token: "not connected", not an app that does nothing', async ({ app, browser }) => {
  const page = await browser.newPage();
  await page.goto(`${app.url}#token=not-the-right-one`);
  await expect(page.getByRole('heading', { name: 'This window is not connected to the Companion' })).toBeVisible();
  await expect(page.getByText(/did not accept this link/)).toBeVisible();
  await page.close();
});

test('the Companion stopped mid-session, then restarted: the window says each, and the new link works', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'idbox-e2e-conn-'));
  const children: ChildProcess[] = [];
  const stop = stopHost;
  try {
    const first = await startHost(dataDir, {});
    children.push(first.child);
    await page.goto(first.openUrl);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    const port = Number(new URL(first.openUrl).port);
    // The window has learned which run of the Companion it belongs to (it asks right after connecting).
    await expect.poll(() => page.evaluate(() => sessionStorage.getItem('idbox-host-instance'))).not.toBeNull();

    await stop(first.child);
    await expect(page.getByText('The connection to the Companion dropped. Reconnecting…')).toBeVisible();
    await expect(page.getByRole('heading', { name: 'This window is not connected to the Companion' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText(/The Companion stopped running/)).toBeVisible();
    // A new start has a new key: the window promises no reconnection it cannot make, and names the way back.
    await expect(page.getByText(/reconnect/i)).toHaveCount(0);
    await expect(page.getByText(/open the new link it prints: this window's link will be out of date/)).toBeVisible();

    // npm start again (same port, a new token): the old window knows it belongs to the previous run.
    const second = await startHost(dataDir, {}, port);
    children.push(second.child);
    await expect(page.getByRole('heading', { name: 'The Companion was restarted' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByText("This window's link is out of date: open the new link printed by npm start.")).toBeVisible();

    // Opening the new link in this same tab changes only the fragment (no page load): that must do.
    await page.goto(second.openUrl);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    await expect(page.getByRole('heading', { name: /not connected|was restarted/ })).toHaveCount(0);
  } finally {
    for (const c of children) if (c.exitCode === null) await stop(c);
    rmSync(dataDir, { recursive: true, force: true });
  }
});
