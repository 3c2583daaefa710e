import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enterWords, expect, firstWordSlot, screenshotPath, startDemoBox, test } from './fixtures';

// A folder that the app sees as a plugged-in USB stick (test hook).
const stick = mkdtempSync(join(tmpdir(), 'idbox-e2e-stick-'));
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(stick, { recursive: true, force: true }));

test('restore the demo backup to a re-flashed box, correcting a mistyped word', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  const words = await startDemoBox(page);

  // Make an archive on the stick first.
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  await enterWords(page, words.join(' '));
  await page.getByRole('radio', { name: /Test stick/ }).check();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible();

  // "Re-flash" the demo box: its backup folder is gone.
  const backups = join(app.dataDir, 'demo-box', 'backups');
  for (const name of readdirSync(backups)) rmSync(join(backups, name), { recursive: true });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('button', { name: /idbox-.*\.idbox on Test stick/ }).click();
  await expect(page.getByText(/all \d+ files match their checksums/)).toBeVisible();

  // A mistyped word, then its correction.
  const typo = [...words];
  typo[6] = `${typo[6]}x`;
  await enterWords(page, typo);
  // Hidden words stay hidden: the typo is named by its position only, until the words are shown.
  await expect(page.getByText('Word 7 is not a passphrase word.')).toBeVisible();
  await expect(page.locator('.mnemonic-status')).not.toContainText(typo[6]!);
  await page.getByRole('button', { name: 'Show words' }).click();
  await expect(page.getByText(`Word 7 ("${typo[6]}") is not a passphrase word.`)).toBeVisible();
  await page.screenshot({ path: screenshotPath('mnemonic'), fullPage: true });
  await expect(page.getByRole('textbox', { name: 'Word 7 of 24' })).toHaveAttribute('aria-invalid', 'true');
  await page.getByRole('button', { name: `${words[6]!} for word 7`, exact: true }).click();
  // The corrected slot gets the focus back, and the change is announced.
  await expect(page.getByRole('textbox', { name: 'Word 7 of 24' })).toBeFocused();
  await expect(page.getByText(`Word 7 is now ${words[6]!}.`)).toHaveCount(1);
  await expect(page.getByText('All 24 words are valid.')).toBeVisible();
  await expect(page.getByText(/This is your backup: 2 identities \(Demo Personal, Demo Work\) and 3 contacts/)).toBeVisible();

  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  await page.getByRole('button', { name: 'Restore to box' }).click();
  await expect(page.getByRole('heading', { name: /Your backup is back on your box/ })).toBeVisible();
  await expect(page.getByText('Restore from backup...')).toBeVisible();
  expect(readdirSync(backups)).toHaveLength(1);
  await page.screenshot({ path: screenshotPath('restore-success'), fullPage: true });
});

test('words for another backup get their own message; the words can be typed with the keyboard alone', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  const words = await startDemoBox(page);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();

  // Keyboard only: type the first four letters of each word and let Tab complete it; Space moves on.
  await firstWordSlot(page).focus();
  for (const word of words) {
    await page.keyboard.type(word.slice(0, 4));
    if (word.length > 4) await page.keyboard.press('Tab');
    else await page.keyboard.type(' ');
  }
  await expect(page.getByText('All 24 words are valid.')).toBeVisible();
  await page.getByRole('radio', { name: /Test stick/ }).check();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible();

  // Valid words of a different backup: all-zero entropy, whose SHA-512 checksum word is "anxiety".
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('button', { name: /idbox-.*\.idbox on Test stick/ }).first().click();
  // In a small window the answer, below the 24 slots, is brought into view.
  await page.setViewportSize({ width: 720, height: 700 });
  await enterWords(page, `${'abandon '.repeat(23)}anxiety`);
  await expect(page.getByText('All 24 words are valid.')).toBeVisible();
  await expect(page.getByText(/These words are valid, but they belong to a different backup than this archive/)).toBeInViewport();
  await expect(page.getByText('No archive the app found, on the attached sticks or in its folders, belongs to these words.')).toBeVisible();
  await expect(page.getByRole('button', { name: 'Restore to box' })).toHaveCount(0);
});
