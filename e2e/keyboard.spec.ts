import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, startDemoBox, test, wordsInSlots } from './fixtures';

// Archive with the keyboard alone, on a slow demo box, cancel and try again: every step is
// reachable, and the focus is never dropped onto the page in between.
const stick = mkdtempSync(join(tmpdir(), 'idbox-e2e-kbd-'));
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick, IDBOX_DEMO_THROTTLE_KBPS: '4' }, viewport: { width: 720, height: 800 } });
test.afterAll(() => rmSync(stick, { recursive: true, force: true }));

const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement as HTMLInputElement | null;
    const label = e?.getAttribute('aria-label') ?? e?.labels?.[0]?.textContent ?? e?.textContent ?? '';
    return { tag: e?.tagName ?? '', type: e?.getAttribute('type') ?? '', text: label.trim() };
  });

/** Presses Tab until the focused element matches, as a person would; fails after `max` presses. */
async function tabTo(page: Page, match: (f: Awaited<ReturnType<typeof focused>>) => boolean, max = 60) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (match(await focused(page))) return;
  }
  throw new Error(`not reached with Tab: last focus ${JSON.stringify(await focused(page))}`);
}

test('"Skip to content" moves into the screen without leaving it (the fragment is the route)', async ({ app }) => {
  const { page } = app;
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
  await page.getByLabel('Address of your box').fill('http://127.0.0.1:9');
  await page.getByRole('link', { name: 'Skip to content' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Archive my backup' })).toBeVisible();
  await expect(page.getByLabel('Address of your box')).toHaveValue('http://127.0.0.1:9');
  expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
});

test('keyboard only: check the box, type the words, choose the stick, archive, cancel, try again', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  const words = (await startDemoBox(page)).join(' ');
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Archive my backup' })).toBeVisible();

  await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Check');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 });
  await tabTo(page, (f) => f.tag === 'INPUT' && /^(Word )?1( of 24)?$/.test(f.text));
  await page.keyboard.type(words);
  await expect(page.getByText('All 24 words are valid.')).toBeVisible();
  await tabTo(page, (f) => f.type === 'radio');
  await page.keyboard.press('Space');
  await expect(page.getByRole('radio', { name: /Test stick/ })).toBeChecked();
  await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Archive now');
  await page.keyboard.press('Enter');

  await expect(page.getByRole('heading', { level: 1, name: 'Archiving your backup' })).toBeFocused({ timeout: 10_000 });
  await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Cancel', 5);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Nothing was written to the stick.', { exact: true })).toBeVisible({ timeout: 5_000 });
  await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Back to the form', 5);
  await page.keyboard.press('Enter');

  // Back on the form: the focus is on its heading, not lost, and nothing has to be typed again.
  await expect(page.getByRole('heading', { level: 1, name: 'Archive my backup' })).toBeFocused();
  expect(await wordsInSlots(page)).toBe(words);
  await tabTo(page, (f) => f.tag === 'BUTTON' && f.text === 'Archive now');
});
