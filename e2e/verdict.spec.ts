import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { archiveDemoToStick, expect, screenshotPath, startDemoBox, test } from './fixtures';

// One word for one state on every screen: an archive of a backup whose key files are gone is
// "incomplete" on the Archive screen, on Copies and in the notice, never "verified" or "up to date".
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-verdict-'));
const stick = join(base, 'KINGSTON');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: [stick].join(delimiter) } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

test("a backup whose key files are gone is archived, but never called verified or up to date", async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  mkdirSync(stick);
  const words = (await startDemoBox(page)).join(' ');
  // The demo box's backup after an interrupted phone backup: the key files are gone.
  const backups = join(app.dataDir, 'demo-box', 'backups');
  for (const id of readdirSync(backups)) {
    for (const name of readdirSync(join(backups, id))) if (name.endsWith('.pem')) rmSync(join(backups, id, name));
  }

  await archiveDemoToStick(page, words, /Test stick KINGSTON/);

  await expect(page.getByRole('heading', { name: 'Archived, but incomplete' })).toBeVisible({ timeout: 30_000 });
  await expect(page.getByRole('alert').filter({ hasText: "Archived, but your box's backup is incomplete: this copy cannot bring all your identities back." })).toBeVisible();
  await expect(page.getByText(/archived and verified/i)).toHaveCount(0);
  await expect(page.getByText('Verified', { exact: true })).toHaveCount(0);
  await expect(page.getByText('Incomplete: files are missing')).toBeVisible();
  await page.screenshot({ path: screenshotPath('verdict-archive-incomplete'), fullPage: true });
  await noViolationsLightAndDark(page, 'Archive of an incomplete backup');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Copies' }).click();
  await expect(page.getByRole('heading', { name: 'Your copies', level: 1 })).toBeVisible();
  await expect(page.getByRole('table').getByText('Incomplete', { exact: true })).toHaveCount(1, { timeout: 20_000 });
  await expect(page.getByRole('table').getByText('Up to date', { exact: true })).toHaveCount(0);
  await expect(page.getByText(/\d+ up-to-date cop(y|ies):/)).toHaveCount(0);
  await expect(page.getByRole('list', { name: 'Warnings for the demo backup' })).toContainText('it cannot bring all your identities back');
  await page.screenshot({ path: screenshotPath('verdict-copies-incomplete'), fullPage: true });
  await noViolationsLightAndDark(page, 'Copies with an incomplete copy');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'History' }).click();
  await expect(page.getByRole('heading', { name: 'Your archives', level: 1 })).toBeVisible();
  await expect(page.getByText('Incomplete: files are missing', { exact: true })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByText(/^Verified /)).toHaveCount(0);
});
