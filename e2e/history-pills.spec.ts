import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { noViolationsLightAndDark } from './axe';
import { archiveNowWritingAnother, demoArchiveFormReady, expect, screenshotPath, test } from './fixtures';

const nav = (page: Page, name: string) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name, exact: true }).click();

test('History at 720 px: every status pill stays on one line, the page fits, axe has nothing to say', async ({ app }) => {
  test.setTimeout(120_000);
  const { page, workDir } = app;
  const folder = join(workDir, 'Backups');
  mkdirSync(folder);
  for (let i = 0; i < 2; i++) {
    if (i === 0) await demoArchiveFormReady(page);
    else {
      await nav(page, 'Archive');
      await page.getByRole('button', { name: 'Check' }).click();
      await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
    }
    await page.getByLabel('Or type the path of a folder').fill(folder);
    await page.getByRole('button', { name: 'Use this folder' }).click();
    await archiveNowWritingAnother(page);
  }
  // One archive stops reading back: its status is the longest pill ("Failed its last check …").
  const file = join(folder, readdirSync(folder).filter((n) => n.endsWith('.idbox')).sort()[0]!);
  const data = readFileSync(file);
  data[data.indexOf(Buffer.from('backup/backup\0')) + 512 + 10]! ^= 0x01;
  writeFileSync(file, data);
  await nav(page, 'Copies');
  await page.getByRole('button', { name: 'Verify all copies now' }).click();
  await expect(page.getByText(/1 failed\./)).toBeVisible({ timeout: 30_000 });

  await page.setViewportSize({ width: 720, height: 800 });
  await nav(page, 'History');
  await expect(page.getByText(/Failed its last check/)).toHaveCount(1);
  const pills = page.locator('.history-table .badge');
  await expect(pills.first()).toBeVisible();
  const lines = await pills.evaluateAll((els) => els.map((el) => ({ text: el.textContent, lines: Math.round(el.getBoundingClientRect().height / parseFloat(getComputedStyle(el).lineHeight || '20')) })));
  for (const pill of lines) expect(pill, `"${pill.text}" on one line`).toMatchObject({ lines: 1 });
  await page.screenshot({ path: screenshotPath('history-720'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 800 });
  await noViolationsLightAndDark(page, 'History with a failed copy');
  // The failed row says "make a fresh archive in this folder", and offers it: Archive opens with that folder chosen.
  await page.getByRole('button', { name: `Make a fresh archive in this folder: ${folder}` }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Archive my backup' })).toBeVisible();
  await expect(page.getByText('Chosen folder:')).toContainText(folder);
});
