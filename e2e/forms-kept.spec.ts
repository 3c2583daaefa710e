import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { makeFixtures } from '../services/inspect/fixtures';
import { demoArchiveFormReady, enterWords, expect, firstWordSlot, screenshotPath, startDemoBox, test, wordsInSlots } from './fixtures';

// What a person typed survives the screens in between: an error, "Back to the form", a second archive.
// Retyping 24 words after every hiccup is how people end up with a typo, or give up.

test('after an error, "Back to the form" keeps the 24 words; "Archive to another place" offers the remembered backup', async ({ app }) => {
  test.setTimeout(90_000);
  const { page, workDir } = app;
  const words = await demoArchiveFormReady(page);
  // A folder that went away after it was chosen: the archive fails with an error screen.
  const gone = join(workDir, 'gone');
  mkdirSync(gone);
  await page.getByLabel('Or type the path of a folder').fill(gone);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await expect(page.getByText(`Chosen folder: ${gone}`)).toBeVisible();
  rmSync(gone, { recursive: true });
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('button', { name: 'Back to the form' })).toBeVisible();

  await page.getByRole('button', { name: 'Back to the form' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Archive my backup' })).toBeVisible();
  await expect(page.getByText('All 24 words are valid.')).toBeVisible();
  expect(await wordsInSlots(page)).toBe(words);
  await expect(page.getByText('Box found.')).toBeVisible();
  const folder = join(workDir, 'Backups');
  mkdirSync(folder);
  await page.getByLabel('Or type the path of a folder').fill(folder);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /archived and verified/ })).toBeVisible();

  // A second place: the box's backup is remembered now and offered; the words typed stay selected
  // (the field is never taken away from under what the person typed).
  await page.getByRole('button', { name: 'Archive to another place' }).click();
  const rememberedChoice = page.getByRole('radio', { name: /Use the backup this app remembers for this box/ });
  await expect(rememberedChoice).toBeVisible();
  await expect(page.getByRole('radio', { name: 'Use different words' })).toBeChecked();
  expect(await wordsInSlots(page)).toBe(words);
  await rememberedChoice.check();
  await expect(firstWordSlot(page)).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('archive-again-remembered'), fullPage: true });
  const second = join(workDir, 'Second');
  mkdirSync(second);
  await page.getByLabel('Or type the path of a folder').fill(second);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await expect(page.getByRole('button', { name: 'Archive now' })).toBeEnabled();
  // Choosing to type words starts with an empty field, and then Archive waits for them.
  await page.getByRole('radio', { name: 'Use different words' }).check();
  await expect(firstWordSlot(page)).toHaveValue('');
  await expect(page.getByRole('button', { name: 'Archive now' })).toBeDisabled();
});

test('restoring a real archive while the demo runs starts with the box the archive came from, never the demo box', async ({ app }) => {
  test.setTimeout(90_000);
  const { page, workDir } = app;
  const fixtures = await makeFixtures(join(workDir, 'fx'));
  await startDemoBox(page);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Restore' }).click();
  await page.getByLabel('Path of the archive file (.idbox)').fill(fixtures.good);
  await page.getByRole('button', { name: 'Open' }).click();
  await enterWords(page, fixtures.seeded.mnemonic);
  await expect(page.getByText(/This is your backup/)).toBeVisible();
  // The fixture archive was pulled from http://127.0.0.1:3100.
  await expect(page.getByLabel('Address of your box')).toHaveValue('http://127.0.0.1:3100');
  await page.screenshot({ path: screenshotPath('restore-prefill-source-box'), fullPage: true });
});

test('an archive written to a folder is offered on the Restore screen, not only archives on sticks', async ({ app }) => {
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

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Restore' }).click();
  const offered = page.getByRole('button', { name: new RegExp(`idbox-.*\\.idbox on ${folder} \\(a folder on this computer\\)`) });
  await expect(offered).toBeVisible();
  await page.screenshot({ path: screenshotPath('restore-offers-folder-archive'), fullPage: true });
  await offered.click();
  await expect(page.getByRole('heading', { name: /The archive/ })).toBeVisible();
});
