import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enterWords, expect, startDemoBox, test } from './fixtures';

// A folder the app sees as a USB stick (test hook); renaming it away and back unplugs and
// re-plugs it.
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-auto-'));
const stick = join(base, 'AUTOSTICK');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

test('a remembered stick plugged in again is left alone when it is up to date, and gets a verified archive when it is not, with no click', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  const { mkdirSync } = await import('node:fs');
  mkdirSync(stick);
  const words = (await startDemoBox(page)).join(' ');
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await enterWords(page, words);
  await page.getByRole('radio', { name: /Test stick AUTOSTICK/ }).check();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible();
  await page.getByRole('button', { name: 'Archive automatically whenever this stick is plugged in' }).click();
  await expect(page.getByText(/whenever "Test stick AUTOSTICK" is plugged in while this app runs/)).toBeVisible();

  renameSync(stick, `${stick}.away`); // unplugged
  await page.waitForTimeout(3000);
  renameSync(`${stick}.away`, stick); // plugged in again: the box did not change, so nothing is written
  await expect(page.getByText(/"Test stick AUTOSTICK" is already up to date, checked just now/)).toBeVisible({ timeout: 20_000 });
  const archives = () => readdirSync(stick).filter((n) => n.endsWith('.idbox'));
  expect(archives()).toHaveLength(1);

  // Without a current copy on it, the stick gets a fresh verified archive.
  renameSync(stick, `${stick}.away`);
  await page.waitForTimeout(3000);
  for (const name of readdirSync(`${stick}.away`).filter((n) => n.endsWith('.idbox'))) rmSync(join(`${stick}.away`, name));
  renameSync(`${stick}.away`, stick);
  await expect(page.getByText(/Your backup was archived automatically to "Test stick AUTOSTICK"/)).toBeVisible({ timeout: 20_000 });
  expect(archives()).toHaveLength(1);
});
