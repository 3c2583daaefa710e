import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { folderSnapshot } from '../tests/helpers/assert';
import { enterWords, expect, screenshotPath, startDemoBox, test } from './fixtures';

// A slow box (the demo box behind a 4 KB/s link, test hook) and a folder the app sees as a stick.
const stick = mkdtempSync(join(tmpdir(), 'idbox-e2e-stick-'));
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick, IDBOX_DEMO_THROTTLE_KBPS: '4' } });
test.afterEach(() => {
  for (const name of readdirSync(stick)) rmSync(join(stick, name), { recursive: true, force: true });
});
test.afterAll(() => rmSync(stick, { recursive: true, force: true }));

const currentStage = (page: Page) => page.locator('.stage[aria-current="step"]');

async function startArchive(page: Page): Promise<string[]> {
  const words = await startDemoBox(page);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
  await enterWords(page, words.join(' '));
  await page.getByRole('radio', { name: /Test stick/ }).check();
  await page.getByRole('button', { name: 'Archive now' }).click();
  return words;
}

/** Everything on the stick, including hidden temp files. */
const stickFiles = () => readdirSync(stick);

test('a throttled archive shows its percentage and amount moving, with rate and time left', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const backups = join(app.dataDir, 'demo-box', 'backups');
  await startArchive(page);
  await expect(currentStage(page)).toHaveText(/Downloading/, { timeout: 20_000 });
  const percent = page.getByTestId('progress-percent');
  const amount = page.getByTestId('progress-amount');
  const seen: { percent: string; amount: string }[] = [];
  let shot = false;
  while (!(await page.getByRole('heading', { name: /archived and verified/ }).isVisible())) {
    if (await currentStage(page).filter({ hasText: /Downloading/ }).isVisible()) {
      const now = { percent: (await percent.textContent()) ?? '', amount: (await amount.textContent()) ?? '' };
      if (now.percent && (seen.length === 0 || seen.at(-1)!.amount !== now.amount)) seen.push(now);
      if (!shot && now.percent && Number.parseInt(now.percent, 10) >= 30) {
        await expect(page.getByTestId('progress-pace')).toHaveText(/^[\d.]+ (bytes|KB)\/s · about [\d a-z]+ left$/);
        await page.screenshot({ path: screenshotPath('progress-throttled'), fullPage: true });
        shot = true;
      }
    }
    await page.waitForTimeout(150);
  }
  // At least three changes of both the percentage and the amount ("4.2 KB of 16 KB") while downloading.
  expect(new Set(seen.map((s) => s.percent)).size, JSON.stringify(seen)).toBeGreaterThanOrEqual(4);
  expect(new Set(seen.map((s) => s.amount)).size).toBeGreaterThanOrEqual(4);
  for (const s of seen) expect(s.amount).toMatch(/^[\d.]+ (bytes|KB) of [\d.]+ KB$/);
  expect(shot).toBe(true);
  expect(readdirSync(backups)).toHaveLength(1);
});

test('Cancel mid-download: the screen says nothing was written, the stick is empty and the box unchanged', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await startArchive(page);
  const backups = join(app.dataDir, 'demo-box', 'backups');
  const boxBefore = folderSnapshot(backups);
  await expect(currentStage(page)).toHaveText(/Downloading/, { timeout: 20_000 });
  await expect(page.getByTestId('progress-percent')).toHaveText(/^([1-9]\d?)%$/, { timeout: 20_000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect(page.getByText('Nothing was written to the stick.', { exact: true })).toBeVisible({ timeout: 3_000 });
  await page.screenshot({ path: screenshotPath('archive-cancelled'), fullPage: true });
  // Nothing under an archive name and no temp file; a moment later still nothing (the pull really stopped).
  expect(stickFiles()).toEqual([]);
  await page.waitForTimeout(2_000);
  expect(stickFiles()).toEqual([]);
  expect(folderSnapshot(backups)).toEqual(boxBefore);
  // The person can start again from the same screen.
  await page.getByRole('button', { name: 'Back to the form' }).click();
  await expect(page.getByRole('button', { name: 'Archive now' })).toBeVisible();
});

test('Cancel mid-upload of a restore: the screen says the box was left as it was, and it was', async ({ app }) => {
  test.setTimeout(150_000);
  const { page } = app;
  const words = await startArchive(page);
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 60_000 });

  // "Re-flash" the demo box: its backup folder is gone, so the restore has to upload everything.
  const backups = join(app.dataDir, 'demo-box', 'backups');
  for (const name of readdirSync(backups)) rmSync(join(backups, name), { recursive: true });
  const boxBefore = folderSnapshot(backups);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('button', { name: /idbox-.*\.idbox on Test stick/ }).click();
  await enterWords(page, words.join(' '));
  await expect(page.getByText(/This is your backup/)).toBeVisible();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
  await page.getByRole('button', { name: 'Restore to box' }).click();
  await expect(currentStage(page)).toHaveText(/Putting the backup on the box/, { timeout: 30_000 });
  // Part of the upload is on the box (the percentage moved), not all of it: cancel now.
  await expect(page.getByTestId('progress-percent')).toHaveText(/^([1-9]\d?)%$/, { timeout: 30_000 });
  await page.screenshot({ path: screenshotPath('restore-uploading'), fullPage: true });
  await page.getByRole('button', { name: 'Cancel' }).click();
  // "Cancelled" at once; then the app waits for the box's answer to the call it was sending (a next
  // request must never overlap it) and asks it to discard the unfinished upload.
  await expect(page.getByTestId('cancelled-finishing')).toHaveText('Cancelled. Finishing with the box…', { timeout: 3_000 });
  await expect(page.getByText('The box was left as it was.', { exact: true })).toBeVisible({ timeout: 60_000 });
  await page.screenshot({ path: screenshotPath('restore-cancelled'), fullPage: true });
  // By then the box has discarded the unfinished upload.
  expect(folderSnapshot(backups)).toEqual(boxBefore);
  expect(readdirSync(backups)).toEqual([]);
});

test('leaving the screen mid-download cancels the archive: nothing is written to the stick', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  await startArchive(page);
  await expect(page.getByTestId('progress-percent')).toHaveText(/^([1-9]\d?)%$/, { timeout: 30_000 });
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  // Long enough for the rest of the download (about 8 KB at 4 KB/s on the wire) had it gone on.
  await page.waitForTimeout(6_000);
  expect(stickFiles()).toEqual([]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }).click();
  await expect(page.getByText(/idbox-.*\.idbox/)).toHaveCount(0);
});
