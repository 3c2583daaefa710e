import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enterWords, expect, screenshotPath, startDemoBox, test } from './fixtures';

test('a replace keeps the box copy it replaces, and History can archive it or put it back', async ({ app }) => {
  test.setTimeout(120_000);
  const { page, workDir } = app;
  const words = (await startDemoBox(page)).join(' ');
  const folder = join(workDir, 'Backups');
  mkdirSync(folder);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await enterWords(page, words);
  await page.getByLabel('Or type the path of a folder').fill(folder);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /archived and verified/ })).toBeVisible();
  const archive = join(folder, readdirSync(folder)[0]!);

  // The phone changes the backup on the box afterwards.
  const backups = join(app.dataDir, 'demo-box', 'backups');
  const id = readdirSync(backups).find((n) => !n.startsWith('.'))!;
  const docs = join(backups, id, 'did-docs');
  const doc = join(docs, readdirSync(docs)[0]!);
  appendFileSync(doc, ' '.repeat(2000));
  const newer = readFileSync(doc, 'utf8');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Restore' }).click();
  await page.getByLabel('Path of the archive file (.idbox)').fill(archive);
  await page.getByRole('button', { name: 'Open' }).click();
  await enterWords(page, words);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  await page.getByRole('button', { name: 'Restore to box' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Your box already has a different copy of this backup' })).toBeVisible();
  // The person is told the box keeps what it replaces, before choosing.
  await expect(page.getByText('Your box keeps the copy it replaces')).toBeVisible();
  await page.getByRole('button', { name: 'Replace it with the archive' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /Your backup is back on your box/ })).toBeVisible({ timeout: 30_000 });
  expect(readFileSync(doc, 'utf8')).not.toBe(newer);

  // History: the newer copy the restore replaced is listed; archive it, then put it back.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }).click();
  const kept = page.getByRole('region', { name: 'Copies your box kept when its backup was replaced' });
  await expect(kept).toBeVisible({ timeout: 30_000 });
  await kept.getByRole('button', { name: 'Archive it' }).click();
  await expect(kept.getByRole('status').filter({ hasText: 'archived and verified' })).toBeVisible({ timeout: 30_000 });
  expect(readdirSync(folder).filter((n) => n.endsWith('.idbox'))).toHaveLength(2);
  await kept.getByRole('button', { name: 'Put it back on the box' }).click();
  await kept.getByRole('button', { name: 'Put this copy back' }).click();
  await expect(kept.getByRole('status').filter({ hasText: /is your box's backup again/ })).toBeVisible({ timeout: 30_000 });
  expect(readFileSync(join(backups, id, 'did-docs', readdirSync(docs)[0]!), 'utf8')).toBe(newer);
  await page.screenshot({ path: screenshotPath('kept-versions'), fullPage: true });
});
