import { appendFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { enterWords, expect, screenshotPath, startDemoBox, test, wordsInSlots } from './fixtures';

test('replacing a different copy on the box shows both copies (date, files, size) before anything changes', async ({ app }) => {
  test.setTimeout(90_000);
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

  // The phone changes the backup on the box afterwards: one of its files grows by 2 KB.
  const backups = join(app.dataDir, 'demo-box', 'backups');
  const id = readdirSync(backups)[0]!;
  const docs = join(backups, id, 'did-docs');
  appendFileSync(join(docs, readdirSync(docs)[0]!), ' '.repeat(2000));

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Restore' }).click();
  await page.getByLabel('Path of the archive file (.idbox)').fill(archive);
  await page.getByRole('button', { name: 'Open' }).click();
  await enterWords(page, words);
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  await page.getByRole('button', { name: 'Restore to box' }).click();

  const heading = page.getByRole('heading', { level: 1, name: 'Your box already has a different copy of this backup' });
  await expect(heading).toBeFocused();
  const boxRow = page.getByRole('row', { name: /On your box/ });
  const archiveRow = page.getByRole('row', { name: /In the archive/ });
  await expect(boxRow).toContainText('last changed');
  await expect(boxRow).toContainText('5 files');
  await expect(archiveRow).toContainText('made');
  await expect(archiveRow).toContainText('5 files');
  // 2 KB more on the box: the sizes differ, so the two copies are visibly not the same.
  const size = async (row: typeof boxRow) => (await row.getByRole('cell').nth(2).textContent()) ?? '';
  expect(await size(boxRow)).not.toBe(await size(archiveRow));
  await expect(page.getByText(/The box's copy is newer than the archive/)).toBeVisible();
  await page.screenshot({ path: screenshotPath('restore-replace-both-sides'), fullPage: true });

  await page.getByRole('button', { name: "Keep the box's copy" }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Restore my box' })).toBeVisible();
  // Back at the checks, the words are still there: changing one's mind needs no retyping.
  await expect(page.getByText('All 24 words are valid.')).toBeVisible();
  expect(await wordsInSlots(page)).toBe(words);
  await expect(page.getByRole('button', { name: 'Restore to box' })).toBeEnabled();
  // The box kept its own copy.
  expect(readFileSync(join(docs, readdirSync(docs)[0]!), 'utf8').endsWith(' '.repeat(2000))).toBe(true);
});
