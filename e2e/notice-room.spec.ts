import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { archiveDemoToStick, expect, screenshotPath, startDemoBox, test } from './fixtures';

// Notices never sit on top of the page: while two are showing, a person can scroll the whole
// Archive form, at the desktop size and at the 720 px minimum, and every word slot and button
// they see is theirs to click, never under the dock (review 2026-12-07, 03-major).
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-room-'));
const stick = join(base, 'ROOMSTICK');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

interface Sweep {
  /** Controls seen on screen, clear of the dock and clickable at their centre. */
  clear: string[];
  /** Controls seen on screen but covered (by the dock or anything else). */
  covered: string[];
}

/** Which controls on screen now are covered: the point at a control's visible centre must be the control itself. */
function sweepNow(page: Page): Promise<Sweep> {
  return page.evaluate(() => {
    const dock = document.querySelector('.toast-dock')!.getBoundingClientRect();
    const name = (el: Element) => el.getAttribute('aria-label') ?? (el as HTMLInputElement).labels?.[0]?.textContent?.trim() ?? el.textContent?.trim() ?? el.tagName;
    const result = { clear: [] as string[], covered: [] as string[] };
    for (const el of Array.from(document.querySelectorAll('main :is(input, button, select, textarea)'))) {
      const r = el.getBoundingClientRect();
      if (r.width < 4 || r.height < 4) continue;
      // The part of the control not clipped by the window or by a scrolling ancestor: what a person sees.
      let [top, bottom, left, right] = [r.top, r.bottom, r.left, r.right];
      [top, bottom, left, right] = [Math.max(top, 0), Math.min(bottom, innerHeight), Math.max(left, 0), Math.min(right, innerWidth)];
      for (let a = el.parentElement; a; a = a.parentElement) {
        if (getComputedStyle(a).overflowY === 'visible' && getComputedStyle(a).overflowX === 'visible') continue;
        const c = a.getBoundingClientRect();
        [top, bottom, left, right] = [Math.max(top, c.top), Math.min(bottom, c.bottom), Math.max(left, c.left), Math.min(right, c.right)];
      }
      if (bottom - top < 2 || right - left < 2) continue;
      const [x, y] = [(left + right) / 2, (top + bottom) / 2];
      const hit = document.elementFromPoint(x, y);
      const own = hit === el || (hit !== null && el.contains(hit)) || (hit instanceof HTMLLabelElement && hit.contains(el));
      const underDock = top < dock.bottom && dock.top < bottom && left < dock.right && dock.left < right && dock.height > 0;
      (own && !underDock ? result.clear : result.covered).push(name(el));
    }
    return result;
  });
}

/** Scrolls the whole page from top to end with the mouse wheel, as a person would, sweeping at each step. */
async function sweepPage(page: Page, label: string): Promise<Set<string>> {
  const seen = new Set<string>();
  const size = page.viewportSize()!;
  await page.mouse.move(size.width / 2, size.height / 3);
  await page.mouse.wheel(0, -100_000);
  let last = '';
  for (let step = 0; step < 60; step += 1) {
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const now = await sweepNow(page);
    expect(now.covered, `${label}: controls covered at scroll step ${step}`).toEqual([]);
    now.clear.forEach((n) => seen.add(n));
    const where = await page.getByRole('button', { name: 'Archive now' }).evaluate((b) => String(Math.round(b.getBoundingClientRect().top)));
    if (where === last) break;
    last = where;
    await page.mouse.wheel(0, size.height / 3);
  }
  return seen;
}

test('two notices showing: every word slot and button of the Archive form can be scrolled to and is never under the dock', async ({ app }) => {
  test.setTimeout(150_000);
  const { page } = app;
  mkdirSync(stick);
  const words = (await startDemoBox(page)).join(' ');
  await archiveDemoToStick(page, words, /Test stick ROOMSTICK/);
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 30_000 });
  await page.getByRole('button', { name: 'Archive automatically whenever this stick is plugged in' }).click();
  await expect(page.getByText(/whenever "Test stick ROOMSTICK" is plugged in while this app runs/)).toBeVisible();

  // The Archive form with its 24 empty word slots, ready before the notices arrive.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await page.getByRole('radio', { name: 'Use different words' }).check();
  await expect(page.getByRole('textbox', { name: 'Word 24 of 24' })).toBeVisible();

  // Unplug and plug the stick back in: the automatic archive's notice and the stick check's notice.
  renameSync(stick, `${stick}.away`);
  await page.waitForTimeout(3000);
  renameSync(`${stick}.away`, stick);
  const dock = page.locator('.toast-dock');
  await expect(dock.locator('.automation-notice')).toContainText('already up to date', { timeout: 30_000 });
  await expect(dock.locator('.toast')).toHaveCount(1, { timeout: 30_000 });

  for (const viewport of [{ width: 1280, height: 800 }, { width: 720, height: 700 }]) {
    await page.setViewportSize(viewport);
    const label = `${viewport.width}x${viewport.height}`;
    const seen = await sweepPage(page, label);
    // Each of the 24 slots and the last button were on screen, clear of the dock, at some point of the scroll.
    for (let n = 1; n <= 24; n += 1) expect(seen, `${label}: word ${n} can be scrolled clear of the notices`).toContain(`Word ${n} of 24`);
    expect(seen, `${label}: "Archive now" can be scrolled clear of the notices`).toContain('Archive now');
    // The two notices were there for the whole sweep (the check is not of an empty dock).
    await expect(dock.locator('.automation-notice')).toHaveCount(1);
    await expect(dock.locator('.toast')).toHaveCount(1);
    // Scrolled to its end, the page shows its last button (the window did not scroll on past the page into nothing).
    await expect(page.getByRole('button', { name: 'Archive now' })).toBeInViewport();
    if (viewport.width === 720) await page.screenshot({ path: screenshotPath('notice-dock-room-720'), fullPage: false });
  }
});
