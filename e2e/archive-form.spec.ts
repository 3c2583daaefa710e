import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { formatBytes } from '../shared/units';
import { noViolationsLightAndDark } from './axe';
import { demoArchiveFormReady, expect, test } from './fixtures';

/** How far below each section's heading its first line starts, and the heading's look. */
const sectionTops = (page: Page) =>
  page.evaluate(() =>
    ['a-box', 'a-words', 'a-dest'].map((id) => {
      const heading = document.getElementById(id)!;
      const section = heading.closest('section')!;
      const first = Array.from(section.querySelectorAll('p, label, li')).find((el) => el.getBoundingClientRect().height > 1)!;
      const style = getComputedStyle(heading);
      return { gap: Math.round(first.getBoundingClientRect().top - heading.getBoundingClientRect().bottom), heading: `${style.fontSize} ${style.fontWeight}`, panel: section.className };
    }),
  );

test('the archive form\u2019s three sections are titled and spaced alike', async ({ app }) => {
  const { page } = app;
  await demoArchiveFormReady(page);
  const [box, words, dest] = await sectionTops(page);
  expect(dest!.heading).toBe(box!.heading);
  expect(dest!.panel).toBe(box!.panel);
  expect(Math.abs(dest!.gap - box!.gap), 'section 3 starts as close under its title as 1 and 2').toBeLessThanOrEqual(2);
  expect(Math.abs(words!.gap - box!.gap)).toBeLessThanOrEqual(2);
});

test('"It takes a few seconds" is said only once this box\u2019s speed is known; progress and the success card give one size for the backup', async ({ app }) => {
  const { page } = app;
  // What the progress said while downloading (operation.progress over the host's WebSocket).
  const received: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  cdp.on('Network.webSocketFrameReceived', (e) => received.push(e.response.payloadData));
  await demoArchiveFormReady(page);
  const lead = page.locator('.archive .lead');
  // Nothing measured yet: no promise about the time.
  await expect(lead).toContainText('nobody can open it.');
  await expect(lead).not.toContainText('It takes');

  const folder = join(app.workDir, 'Backups');
  mkdirSync(folder);
  await page.getByLabel('Or type the path of a folder').fill(folder);
  await page.getByRole('button', { name: 'Use this folder' }).click();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { level: 1, name: /archived and verified/ })).toBeVisible({ timeout: 30_000 });
  const totals = received.join('\n').match(/"stage":"downloading","done":\d+,"total":(\d+)/g) ?? [];
  expect(totals.length, 'the download reported its amount').toBeGreaterThan(0);
  const downloaded = Number(/"total":(\d+)/.exec(totals.at(-1)!)![1]);
  const size = page.getByRole('definition').filter({ hasText: 'archive file, holding the backup from your box' });
  await expect(size).toContainText(`files, ${formatBytes(downloaded)}`);
  await noViolationsLightAndDark(page, 'archive success with both sizes');

  // The box's speed is known now: a small backup from it takes a few seconds, and the form says so.
  await page.getByRole('button', { name: 'Archive to another place' }).click();
  await expect(lead).toContainText('It takes a few seconds.', { timeout: 20_000 });
});
