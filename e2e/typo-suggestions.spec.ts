import type { Page } from '@playwright/test';
import { noViolationsLightAndDark } from './axe';
import { expect, screenshotPath, startDemoBox, test } from './fixtures';

const slot = (page: Page, n: number) => page.getByRole('textbox', { name: `Word ${n} of 24` });

/** The word with its 2nd and 3rd letters swapped, the slip the walk-through met ("claen" for "clean"). */
const swapped = (w: string) => w[0]! + w[2]! + w[1]! + w.slice(3);

test('two swapped letters in word 7: the word meant is offered, taking it moves on to the next empty slot, and the words then add up', async ({ app }) => {
  const { page } = app;
  const words = await startDemoBox(page);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await slot(page, 1).fill(words.slice(0, 6).join(' '));
  await slot(page, 7).pressSequentially(`${swapped(words[6]!)} `);
  await expect(page.getByText('Word 7 is not a passphrase word.')).toBeVisible();
  const offered = page.getByRole('button', { name: / for word 7$/ });
  const names = (await offered.allTextContents()).map((t) => t.trim());
  expect(names.slice(0, 4), 'the word meant is among the first 4 suggestions').toContain(words[6]);
  await page.getByRole('button', { name: 'Show words' }).click();
  await page.screenshot({ path: screenshotPath('mnemonic-swap-suggestion'), fullPage: true });
  await noViolationsLightAndDark(page, 'a mistyped word with suggestions');
  // Keyboard only: Tab reaches the suggestion, Enter takes it, and the focus goes on to word 8, the next to type.
  await page.getByRole('button', { name: `${words[6]} for word 7` }).focus();
  await page.keyboard.press('Enter');
  await expect(slot(page, 7)).toHaveValue(words[6]!);
  await expect(slot(page, 8)).toBeFocused();
  await page.keyboard.type(words.slice(7).join(' '));
  await expect(page.getByText('All 24 words are valid.')).toBeVisible();
});

test('picking a completion while correcting a word in the middle moves on to the next empty slot, not into a word already there', async ({ app }) => {
  const { page } = app;
  const words = await startDemoBox(page);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await slot(page, 1).fill(words.join(' '));
  // A word long enough that its first four letters are not the word itself (they name it uniquely).
  const i = words.findIndex((w, n) => n < 12 && w.length >= 5);
  const gap = 18;
  await slot(page, gap).fill('');
  await slot(page, i + 1).fill('');
  await slot(page, i + 1).pressSequentially(words[i]!.slice(0, 4));
  await page.getByRole('group', { name: `Word suggestions for word ${i + 1} (Tab takes the first)` }).getByRole('button', { name: words[i]! }).click();
  await expect(slot(page, i + 1)).toHaveValue(words[i]!);
  await expect(slot(page, gap)).toBeFocused();
});
