import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { expect, startDemoBox, test } from './fixtures';

// A keyboard journey through the app (archive to a stick, the offer to archive automatically, the
// notices it brings, Copies' "Verify all copies now", Inspect's folder browser): after every step the focus is on something
// of the app, never dropped onto the page's body, where a keyboard or screen-reader user would
// have to start again from the top of the window (review 2026-12-07, minor "Keyboard").
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-focus-'));
const stick = join(base, 'FOCUSSTICK');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Watches the focus in the page: every moment it sat on the body (sampled, and at each focusout). */
async function watchFocus(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { focusLost: string[] };
    w.focusLost = [];
    let last = '';
    const look = () => {
      const a = document.activeElement;
      const now = !a || a === document.body ? 'BODY' : `${a.tagName} "${(a.getAttribute('aria-label') ?? a.textContent ?? '').trim().slice(0, 40)}"`;
      if (now === 'BODY' && last !== 'BODY') w.focusLost.push(`after ${last}`);
      last = now;
    };
    setInterval(look, 15);
    document.addEventListener('focusout', () => setTimeout(look, 0));
  });
}

/** Presses a key on the control, waits for what the step brings, then checks the focus was never on the body. */
async function step(page: Page, name: string, control: Locator, key: string, until: () => Promise<void>): Promise<void> {
  await control.focus();
  await page.keyboard.press(key);
  await until();
  await page.waitForTimeout(500);
  const lost = await page.evaluate(() => {
    const w = window as unknown as { focusLost: string[] };
    return w.focusLost.splice(0);
  });
  expect(lost, `${name}: the focus fell to the page body`).toEqual([]);
  expect(await page.evaluate(() => document.activeElement !== document.body && document.activeElement !== null), `${name}: focus is on the app`).toBe(true);
}

test('keyboard journey: after every step the focus is on the app, never lost to the page body', async ({ app }) => {
  test.setTimeout(150_000);
  const { page } = app;
  mkdirSync(stick);
  const words = (await startDemoBox(page)).join(' ');
  await watchFocus(page);
  await step(page, 'try archiving', page.getByRole('button', { name: 'Try archiving from the demo box' }), 'Enter', () =>
    expect(page.getByRole('heading', { level: 1, name: 'Archive my backup' })).toBeVisible(),
  );
  await step(page, 'Check', page.getByRole('button', { name: 'Check' }), 'Enter', () => expect(page.getByText('Box found.')).toBeVisible({ timeout: 20_000 }));
  await page.getByRole('textbox', { name: 'Word 1 of 24' }).fill(words);
  await step(page, 'the stick', page.getByRole('radio', { name: /Test stick FOCUSSTICK/ }), 'Space', () =>
    expect(page.getByRole('radio', { name: /Test stick FOCUSSTICK/ })).toBeChecked(),
  );
  await step(page, 'Archive now', page.getByRole('button', { name: 'Archive now' }), 'Enter', () =>
    expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 30_000 }),
  );
  await step(page, 'archive automatically', page.getByRole('button', { name: 'Archive automatically whenever this stick is plugged in' }), 'Enter', () =>
    expect(page.getByText(/whenever "Test stick FOCUSSTICK" is plugged in while this app runs/)).toBeVisible(),
  );

  // The stick unplugged and back: two notices; each dismissed with the keyboard.
  renameSync(stick, `${stick}.away`);
  await page.waitForTimeout(3000);
  renameSync(`${stick}.away`, stick);
  const dock = page.locator('.toast-dock');
  await expect(dock.locator('.automation-notice')).toBeVisible({ timeout: 30_000 });
  await expect(dock.locator('.toast')).toHaveCount(1, { timeout: 30_000 });
  await step(page, 'dismiss the first notice', dock.locator('.automation-notice').getByRole('button', { name: 'Dismiss' }), 'Enter', () =>
    expect(dock.locator('.automation-notice')).toHaveCount(0),
  );
  await step(page, 'dismiss the second notice', dock.locator('.toast').getByRole('button', { name: 'Dismiss' }), 'Enter', () => expect(dock.locator('.toast')).toHaveCount(0));

  await step(page, 'to Copies', page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Copies' }), 'Enter', () =>
    expect(page.getByRole('heading', { level: 1, name: 'Your copies' })).toBeVisible(),
  );
  await step(page, 'Verify all copies now', page.getByRole('button', { name: /Verify all copies now/ }), 'Enter', () =>
    expect(page.locator('main p.panel[role="status"]')).toBeVisible({ timeout: 30_000 }),
  );

  // A folder browser closed: the focus goes back to the control that opened it.
  await step(page, 'to Inspect', page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inspect' }), 'Enter', () =>
    expect(page.getByRole('heading', { level: 1, name: 'Inspect an archive' })).toBeVisible(),
  );
  const browse = page.getByRole('button', { name: 'Browse…' }).first();
  await step(page, 'Browse…', browse, 'Enter', () => expect(page.getByRole('button', { name: 'Close' })).toBeVisible());
  await step(page, 'close the folder browser', page.getByRole('button', { name: 'Close' }), 'Enter', () => expect(page.getByRole('button', { name: 'Close' })).toHaveCount(0));
  await expect(browse).toBeFocused();
});
