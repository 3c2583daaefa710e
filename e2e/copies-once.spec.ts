import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { seedBackup } from '../box/seed';
import { mnemonicToEntropy } from '../shared/mnemonic';
import { noViolationsLightAndDark } from './axe';
import { enterWords, expect, screenshotPath, seedBox, serveBox, startDemoBox, test } from './fixtures';

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();

async function archiveTo(page: Page, folder: string, words?: string) {
  await page.getByLabel('Or type the path of a folder').fill(folder);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  if (words) await enterWords(page, words);
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 30_000 });
}

test('Copies says "box changed" once, in folder words, offers the fresh archive it asks for, lines its tables up, and tells files from places', async ({ app }) => {
  test.setTimeout(180_000);
  const { page, workDir } = app;
  const boxData = join(workDir, 'box-data');
  mkdirSync(boxData);
  const words = seedBox(boxData);
  const box = await serveBox(boxData);
  const home = join(workDir, 'HomeBackups');
  const spare = join(workDir, 'SpareBackups');
  const demoFolder = join(workDir, 'DemoBackups');
  for (const f of [home, spare, demoFolder]) mkdirSync(f);
  try {
    // Two archives of one's own backup in two folders on this computer, and one of the demo backup.
    await nav(page, 'Archive');
    await page.getByLabel('Address of your box').fill(box.url);
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
    await archiveTo(page, home, words);
    await nav(page, 'Archive');
    // The form fills in the last box itself: typed into while that lands, the address would be doubled.
    await expect(page.getByLabel('Address of your box')).toHaveValue(box.url, { timeout: 20_000 });
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
    await expect(page.getByRole('radio', { name: /Use the backup this app remembers/ })).toBeChecked();
    await archiveTo(page, spare);
    await nav(page, 'Home');
    const demoWords = (await startDemoBox(page)).join(' ');
    await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
    await archiveTo(page, demoFolder, demoWords);

    // The phone changes the backup on the box.
    await seedBackup(boxData, { identities: 2, peers: 1, fastKeys: true, entropy: mnemonicToEntropy(words)! });
    await nav(page, 'Copies');
    const main = page.getByRole('main');
    await expect(main.getByText(/Box changed since your last copy/)).toHaveCount(1, { timeout: 20_000 });
    // Said once: not again as the backup's own line, nor as a warning, nor in every row.
    await expect(main.getByText(/has changed since/)).toHaveCount(0);
    // The copies are in folders: nobody is asked to plug in a stick.
    await expect(page.locator('.copies-headline')).toHaveText('Box changed since your last copy: choose "Archive" to archive again into your folders, to copy the new backup.');
    const own = page.getByRole('region', { name: /^Backup / });
    await expect(own).not.toContainText(/stick/i);

    // Both backups' tables have their columns in the same places.
    const tables = main.getByRole('table');
    await expect(tables).toHaveCount(2);
    const columnEdges = async (i: number) => tables.nth(i).getByRole('columnheader').evaluateAll((cells) => cells.map((c) => Math.round(c.getBoundingClientRect().left)));
    expect(await columnEdges(0)).toEqual(await columnEdges(1));
    await page.screenshot({ path: screenshotPath('copies-changed-folders'), fullPage: true });
    await noViolationsLightAndDark(page, 'Copies, box changed, folders');
    await page.setViewportSize({ width: 720, height: 800 });
    expect(await columnEdges(0)).toEqual(await columnEdges(1));
    await page.setViewportSize({ width: 1280, height: 800 });

    // "Verify all": archive files are checked, places are counted, and the sentence says so.
    await page.getByRole('button', { name: 'Verify all copies now' }).click();
    await expect(main.getByText(/^Checked 3 archive files in 1 place: all read back intact\. Each stick or folder counts as one copy/)).toBeVisible({ timeout: 30_000 });

    // The row that says "make a fresh archive in HomeBackups" has the button that does it.
    const row = own.getByRole('row', { name: /HomeBackups/ });
    await expect(row).toContainText('Make a fresh archive in HomeBackups.');
    await row.getByRole('button', { name: 'Make a fresh archive in HomeBackups' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Archive my backup' })).toBeVisible();
    await expect(page.getByText('Chosen folder:')).toContainText(home);
    await expect(page.getByLabel('Address of your box')).toHaveValue(box.url);
  } finally {
    await box.stop();
    for (const f of [home, spare, demoFolder]) rmSync(f, { recursive: true, force: true });
  }
});
