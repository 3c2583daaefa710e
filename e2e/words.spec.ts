import type { Page } from '@playwright/test';
import { expect, screenshotPath, startDemoBox, test, wordsInSlots } from './fixtures';

const slot = (page: Page, n: number) => page.getByRole('textbox', { name: `Word ${n} of 24` });
const openArchive = (page: Page) => page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();

/** A real paste event (what Ctrl+V sends), with the clipboard's text. */
async function pasteInto(page: Page, n: number, text: string) {
  await slot(page, n).focus();
  await slot(page, n).evaluate((el, t) => {
    const data = new DataTransfer();
    data.setData('text/plain', t);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}

test('a word is judged only once it is finished, and a hidden typo is never printed', async ({ app }) => {
  const { page } = app;
  await openArchive(page);
  await expect(page.getByText(/Tab completes a word/)).toBeVisible();
  await expect(page.getByRole('group', { name: 'Your 24 words' }).getByRole('textbox')).toHaveCount(24);
  await slot(page, 1).pressSequentially('army del');
  // Space finished "army" and moved on; still typing "del": suggestions to complete it, no error yet.
  await expect(slot(page, 1)).toHaveValue('army');
  await expect(slot(page, 2)).toBeFocused();
  await expect(page.getByRole('group', { name: /Word suggestions for word 2/ })).toBeVisible();
  await expect(page.getByText(/is not a passphrase word/)).toHaveCount(0);
  await page.screenshot({ path: screenshotPath('words-typing'), fullPage: true });
  // Finished with a space: now it is judged, by position only while the words are hidden.
  await page.keyboard.press('Space');
  await expect(slot(page, 3)).toBeFocused();
  await expect(page.getByText('Word 2 is not a passphrase word.')).toBeVisible();
  await expect(slot(page, 2)).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('.mnemonic-input')).not.toContainText(/\bdel\b/);
  await expect(page.locator('.mnemonic-status')).not.toContainText('del');
  // Hidden words are masked on screen; no spellcheck, autocomplete, autocorrect or autocapitalize.
  const field = slot(page, 2);
  expect(await field.evaluate((el) => getComputedStyle(el).getPropertyValue('-webkit-text-security'))).toBe('disc');
  for (const [name, value] of [['spellcheck', 'false'], ['autocomplete', 'off'], ['autocorrect', 'off'], ['autocapitalize', 'off']]) {
    await expect(field).toHaveAttribute(name!, value!);
  }
  // Tab completes a word and moves to the next slot; the completion is announced.
  await slot(page, 2).fill('deli');
  await slot(page, 2).press('Tab');
  await expect(slot(page, 2)).toHaveValue('deliver');
  await expect(slot(page, 3)).toBeFocused();
  await expect(page.getByText('Word 2 completed.')).toHaveCount(1);
  // Backspace in an empty slot goes back to the word before it.
  await page.keyboard.press('Backspace');
  await expect(slot(page, 2)).toBeFocused();
  // A click on a suggestion takes it like Tab, and the focus stays in the slots.
  await slot(page, 3).pressSequentially('abs');
  await page.getByRole('group', { name: /Word suggestions for word 3/ }).getByRole('button', { name: 'absorb' }).click();
  await expect(slot(page, 3)).toHaveValue('absorb');
  await expect(slot(page, 4)).toBeFocused();
});

test('a numbered paste fills the slots from where it lands; a whole phrase fills from word 1; leaving clears', async ({ app }) => {
  const { page } = app;
  const words = await startDemoBox(page);
  // Everything this window sends from now on (HTTP bodies and WebSocket frames), to show the words never leave it.
  const sent: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketFrameSent', (e) => sent.push(e.response.payloadData));
  page.on('request', (r) => sent.push(`${r.url()} ${r.postData() ?? ''}`));
  await openArchive(page);
  await pasteInto(page, 5, '5. abandon\n6. ability\n7) able');
  await expect(slot(page, 5)).toHaveValue('abandon');
  await expect(slot(page, 7)).toHaveValue('able');
  await expect(slot(page, 8)).toBeFocused();
  await expect(page.getByText('3 words placed in slots 5 to 7.')).toHaveCount(1);
  await expect(page.getByText('3 of 24 words. Words 1, 2, 3, 4 are still empty.')).toBeVisible();

  // A recovery card copied whole, pasted into word 12: it is a whole phrase, so it starts at word 1.
  await pasteInto(page, 12, words.map((w, i) => `${i + 1}. ${w}`).join('\n'));
  expect(await wordsInSlots(page)).toBe(words.join(' '));
  await expect(page.getByText('All 24 words are valid.')).toBeVisible();
  await page.getByRole('button', { name: 'Show words' }).click();
  await page.screenshot({ path: screenshotPath('words-slots-shown'), fullPage: true });
  // Only the backup id leaves the window: check the box, whose answer needs nothing of the words.
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  expect(sent.length).toBeGreaterThan(0);
  const distinctive = words.filter((w) => w.length >= 6);
  for (const payload of sent) {
    expect(payload).not.toContain(`${words[0]} ${words[1]}`);
    for (const w of distinctive) expect(payload, `"${w}" was sent`).not.toMatch(new RegExp(`\\b${w}\\b`));
  }

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Home' }).click();
  await openArchive(page);
  expect(await wordsInSlots(page)).toBe('');
});

test('24 slots reflow to three columns at 720 px, light and dark', async ({ app }) => {
  const { page } = app;
  const words = await startDemoBox(page);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await slot(page, 1).fill(words.slice(0, 10).join(' '));
  await slot(page, 11).fill('dlever');
  await slot(page, 12).focus();
  const columns = () => page.locator('.word-slots').evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
  expect(await columns()).toBe(4);
  await page.locator('.word-slots').screenshot({ path: screenshotPath('words-slots-light') });
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 720, height: 800 });
  expect(await columns()).toBe(3);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.locator('.mnemonic-input').screenshot({ path: screenshotPath('words-slots-dark-720') });
});
