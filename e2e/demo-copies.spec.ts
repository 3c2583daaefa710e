import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { noViolationsLightAndDark } from './axe';
import { demoArchiveFormReady, expect, screenshotPath, startHost, stopHost, test } from './fixtures';

test('after a restart the demo box is not running: its copy is grey "Start the demo to check it", not red, and rows name their files', async ({ page }) => {
  test.setTimeout(120_000);
  const dataDir = mkdtempSync(join(tmpdir(), 'idbox-e2e-data-'));
  const folder = join(dataDir, '..', `${dataDir.split('/').pop()}-dest`);
  mkdirSync(folder);
  const hosts: ChildProcess[] = [];
  try {
    const first = await startHost(dataDir, {});
    hosts.push(first.child);
    await page.goto(first.openUrl);
    await demoArchiveFormReady(page);
    await page.getByLabel('Or type the path of a folder').fill(folder);
    await page.getByRole('button', { name: 'Use this folder' }).click();
    await page.getByRole('button', { name: 'Archive now' }).click();
    await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 30_000 });
    const [file] = readdirSync(folder);
    await stopHost(first.child);

    const second = await startHost(dataDir, {});
    hosts.push(second.child);
    await page.goto(second.openUrl);
    await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
    // Home: a neutral line, not a red alarm, about a demo nobody started.
    await expect(page.getByText('Demo backup: The demo box is not running. Start the demo to check it.')).toBeVisible({ timeout: 30_000 });
    await expect(page.locator('.copies-headline.panel-error')).toHaveCount(0);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Copies' }).click();
    await expect(page.getByRole('heading', { level: 2, name: /Demo backup/ })).toContainText('demo not running');
    const row = page.getByRole('row', { name: new RegExp(file!.slice(0, 14)) });
    await expect(row).toContainText('Demo not running');
    await expect(row.locator('.badge-neutral')).toBeVisible();
    await expect(row.locator('.breakable-name')).toHaveText(file!);
    await expect(page.getByText(/could not be asked/)).toHaveCount(0);
    await expect(page.locator('.copies-headline.panel-error')).toHaveCount(0);
    await noViolationsLightAndDark(page, 'copies with the demo not running');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.setViewportSize({ width: 720, height: 800 });
    // At 720 px every pill stays inside its own cell: "Demo not running" once ran over "Start the demo to check it".
    const overflowing = await page.locator('.copies-table td .badge').evaluateAll((pills) =>
      pills.filter((p) => p.getBoundingClientRect().right > p.closest('td')!.getBoundingClientRect().right - 1).map((p) => p.textContent),
    );
    expect(overflowing).toEqual([]);
    await page.screenshot({ path: screenshotPath('copies-demo-not-running-dark-720'), fullPage: true });
  } finally {
    for (const host of hosts) await stopHost(host);
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(folder, { recursive: true, force: true });
  }
});
