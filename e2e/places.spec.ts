import { mkdirSync, mkdtempSync, renameSync, rmSync, unlinkSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { archiveNowWritingAnother, enterWords, expect, screenshotPath, startDemoBox, test } from './fixtures';

// A folder the app sees as a plugged-in USB stick (test hook); renaming it away unplugs it.
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-places-'));
const stick = join(base, 'PLACESTICK');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();

/** Archive from the checked box to a typed folder or a listed stick, words typed when asked. */
async function archiveTo(page: Page, where: { folder: string } | { stick: RegExp }, words?: string) {
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  if (words) await enterWords(page, words);
  if ('folder' in where) {
    await page.getByLabel('Or type the path of a folder').fill(where.folder);
    await page.getByRole('button', { name: 'Use this folder' }).click();
  } else {
    await page.getByRole('radio', { name: where.stick }).check();
  }
  await archiveNowWritingAnother(page, 10_000);
}

test('a folder is called a folder: no stick wording, no eject, advice to copy it offline; demo archives never count as your backup', async ({ app }) => {
  const { page } = app;
  const words = (await startDemoBox(page)).join(' ');
  const folder = join(app.workDir, 'Backups');
  mkdirSync(folder);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await archiveTo(page, { folder }, words);

  const success = page.locator('.archive-success');
  await expect(success.getByRole('heading', { level: 1 })).toContainText('DEMO');
  await expect(success.getByText(/in the folder .* on this computer/)).toBeVisible();
  await expect(success.getByText(/Copy this archive to a USB stick or another place that is offline/)).toBeVisible();
  await expect(success).not.toContainText('stick itself');
  await expect(success.getByRole('button', { name: 'Safely remove the stick' })).toHaveCount(0);
  await expect(success.getByRole('button', { name: /Archive automatically/ })).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('archive-success-folder'), fullPage: true });

  // Home does not call a demo archive "your newest verified archive".
  await nav(page, 'Home');
  await expect(page.getByText(/Your newest verified archive/)).toHaveCount(0);
  await expect(page.getByText(/no archive of your own backup yet \(archives of the demo box do not count\)/)).toBeVisible();

  // History marks it DEMO and does not offer it as the newest copy of a backup.
  await nav(page, 'History');
  const row = page.getByRole('row', { name: /idbox-/ });
  await expect(row.locator('.badge-demo')).toHaveText('DEMO');
  await expect(page.getByText(/Newest verified copy of backup/)).toHaveCount(0);

  // The file is deleted by hand while its folder's disk stays: History looks the copy up where its
  // volume is, and says where it was deleted from, not "Stick not plugged in".
  for (const name of readdirSync(folder)) unlinkSync(join(folder, name));
  await nav(page, 'Home');
  await nav(page, 'History');
  await expect(row.getByText('Deleted from Backups', { exact: true })).toBeVisible();
  await expect(row.getByText('Stick not plugged in')).toHaveCount(0);
  await row.getByRole('button', { name: 'Forget' }).click();
  await expect(page.getByText(/is no longer listed here\. The file itself was not touched\./)).toBeVisible();
  await expect(page.getByRole('row', { name: /idbox-/ })).toHaveCount(0);
});

test('a stick is named, its safe removal is explained where the app cannot eject it, and History offers inspect and restore on each row', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  mkdirSync(stick, { recursive: true });
  const words = (await startDemoBox(page)).join(' ');
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await archiveTo(page, { stick: /Test stick PLACESTICK/ }, words);

  const success = page.locator('.archive-success');
  await expect(success.getByText(/on the stick “Test stick PLACESTICK”/)).toBeVisible();
  // The test stick has no device this system could eject: no button that cannot work, but how to do it by hand.
  await expect(success.getByRole('button', { name: 'Safely remove the stick' })).toHaveCount(0);
  await expect(success.getByText(/^To remove the stick safely, .*unplug it\.$/)).toBeVisible();
  await success.getByRole('button', { name: 'Archive automatically whenever this stick is plugged in' }).click();
  await expect(success.getByText(/whenever "Test stick PLACESTICK" is plugged in/)).toBeVisible();
  await page.screenshot({ path: screenshotPath('archive-success-stick'), fullPage: true });

  // A second archive to the same stick: it already has a rule, so the offer is not made again.
  await success.getByRole('button', { name: 'Archive to another place' }).click();
  await archiveTo(page, { stick: /Test stick PLACESTICK/ });
  await expect(page.getByText('This stick already gets a fresh archive automatically whenever it is plugged in.')).toBeVisible();
  await expect(page.getByRole('button', { name: /Archive automatically/ })).toHaveCount(0);

  // History: Inspect opens the report of that very archive.
  await nav(page, 'History');
  const rows = page.locator('.history-table').getByRole('row', { name: /PLACESTICK/ });
  await expect(rows).toHaveCount(2);
  await rows.first().getByRole('button', { name: 'Inspect' }).click();
  await expect(page.locator('.report')).toContainText('PLACESTICK');

  // Restore opens that archive for the word check.
  await nav(page, 'History');
  await rows.first().getByRole('button', { name: 'Restore' }).click();
  await expect(page.getByRole('heading', { name: /The archive/ })).toContainText('DEMO');

  // Unplugged: "Stick not plugged in", and no inspect/restore that could not work.
  renameSync(stick, `${stick}.away`);
  try {
    await nav(page, 'History');
    await expect(rows.first().getByText('Stick not plugged in', { exact: true })).toBeVisible();
    await expect(rows.first().getByRole('button', { name: 'Inspect' })).toHaveCount(0);
    await page.setViewportSize({ width: 720, height: 800 });
    await page.screenshot({ path: screenshotPath('history-720'), fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, 'the History table fits at 720 px').toBeLessThanOrEqual(0);
  } finally {
    renameSync(`${stick}.away`, stick);
  }
});

test('after the demo box restarts on a new port, Archive offers the demo box running now, not the old address', async ({ app }) => {
  const { page } = app;
  const words = (await startDemoBox(page)).join(' ');
  const folder = join(app.workDir, 'Backups');
  mkdirSync(folder);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await expect(page.getByLabel('Address of your box')).toHaveValue(/^http:\/\/127\.0\.0\.1:\d+$/);
  const oldUrl = await page.getByLabel('Address of your box').inputValue();
  await archiveTo(page, { folder }, words);

  const call = (name: string) =>
    page.evaluate(async (n) => {
      const res = await fetch(`/api/call/${n}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionStorage.getItem('idbox-host-token')}` },
        body: '{}',
      });
      return (await res.json()) as { ok: boolean; value: { url?: string } };
    }, name);
  await call('demo.stop');
  // Hold the old port so the restarted demo box cannot get it back by chance.
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(Number(new URL(oldUrl).port), '127.0.0.1', resolve));
  const started = await call('demo.start').finally(() => holder.close());
  expect(started.value.url).not.toBe(oldUrl);

  await nav(page, 'Archive');
  await expect(page.getByLabel('Address of your box')).toHaveValue(started.value.url!);
});
