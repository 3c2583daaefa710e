import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backupLabel } from '../shared/archive/fingerprint';
import { backupIdFromMnemonic } from '../shared/backup-id';
import { enterWords, expect, screenshotPath, seedBox, serveBox, startDemoBox, test } from './fixtures';

// One backup, one name: a person who reads "Backup X…" on Copies or Settings must find the same X in the
// archive's file name, on History, Restore and Inspect (the walk-through of 2026-12-07 round 3 saw
// "Backup N1F9J5Jg…" on Copies next to files named idbox-VBZLV0cZ-… of the same backup).
test('a backup is named by the same 8 characters on Copies, Settings, History, the Archive form, Inspect and in its file names', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-label-'));
  const boxData = join(base, 'box');
  const folder = join(base, 'Backups');
  mkdirSync(boxData);
  mkdirSync(folder);
  const words = seedBox(boxData);
  const box = await serveBox(boxData);
  try {
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: 'Archive' }).click();
    await page.getByLabel('Address of your box').fill(box.url);
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('Box found.')).toBeVisible({ timeout: 30_000 });
    await enterWords(page, words);
    await expect(page.getByText('All 24 words are valid.')).toBeVisible();
    await page.getByLabel('Or type the path of a folder').fill(folder);
    await page.getByRole('button', { name: 'Use this folder' }).click();
    await page.getByRole('button', { name: 'Archive now' }).click();
    await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 60_000 });

    const [file] = readdirSync(folder);
    const label = /^idbox-(.{8})-/.exec(file!)![1]!;
    expect(label).toBe(backupLabel(backupIdFromMnemonic(words), true)); // sealed: the fingerprint, not the id

    await nav.getByRole('button', { name: 'Copies' }).click();
    await expect(page.getByRole('heading', { level: 2, name: new RegExp(`^Backup ${label}…`) })).toBeVisible({ timeout: 30_000 });
    await page.screenshot({ path: screenshotPath('backup-label-copies'), fullPage: true });

    await nav.getByRole('button', { name: 'History' }).click();
    await expect(page.getByText(`Newest verified copy of backup ${label}…`)).toBeVisible();

    await nav.getByRole('button', { name: 'Settings' }).click();
    await expect(page.locator('.remembered-boxes li').filter({ hasText: box.url })).toContainText(`backup ${label}…`);

    await nav.getByRole('button', { name: 'Archive' }).click();
    await page.getByLabel('Address of your box').fill(box.url);
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText(`this box (backup ${label}…)`)).toBeVisible({ timeout: 30_000 });

    // Inspect names it the same way, and does not call the sealed key files "0 key files".
    await nav.getByRole('button', { name: 'Inspect' }).click();
    await page.getByLabel('Archive file or backup folder').fill(join(folder, file!));
    await page.getByRole('button', { name: 'Inspect', exact: true }).last().click();
    const facts = page.locator('dl.facts');
    await expect(facts.locator('dt', { hasText: /^Backup$/ })).toBeVisible({ timeout: 30_000 });
    await expect(facts).toContainText(`${label}…`);
    await expect(facts).toContainText('1 sealed key file');
    await expect(facts).not.toContainText('0 key files');

    // The demo box names its backup as its (sealed) archives do.
    await nav.getByRole('button', { name: 'Home' }).click();
    const demoWords = await startDemoBox(page);
    const demoLabel = backupLabel(backupIdFromMnemonic(demoWords.join(' ')), true);
    await expect(page.locator('dd', { hasText: `${demoLabel}…` })).toBeVisible();
  } finally {
    await box.stop();
    rmSync(base, { recursive: true, force: true });
  }
});
