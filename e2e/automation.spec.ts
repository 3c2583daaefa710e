import { mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, startDemoBox, test } from './fixtures';

// A folder the app sees as a USB stick (test hook); renaming it away and back unplugs and
// re-plugs it.
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-auto-'));
const stick = join(base, 'AUTOSTICK');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

test('a remembered stick gets a verified archive when it is plugged in again, with no click', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  const { mkdirSync } = await import('node:fs');
  mkdirSync(stick);
  const words = (await startDemoBox(page)).join(' ');
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await page.getByLabel('Your 24 words').fill(words);
  await page.getByRole('radio', { name: /Test stick AUTOSTICK/ }).check();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible();
  await page.getByRole('button', { name: 'Archive automatically whenever this stick is plugged in' }).click();
  await expect(page.getByText(/whenever "Test stick AUTOSTICK" is plugged in while this app runs/)).toBeVisible();

  renameSync(stick, `${stick}.away`); // unplugged
  await page.waitForTimeout(3000);
  renameSync(`${stick}.away`, stick); // plugged in again
  await expect(page.getByText(/Your backup was archived automatically to "Test stick AUTOSTICK"/)).toBeVisible({ timeout: 20_000 });
  expect(readdirSync(stick).filter((n) => n.endsWith('.idbox'))).toHaveLength(2);
});
