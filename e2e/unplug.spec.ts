import { mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enterWords, expect, wordsInSlots, screenshotPath, startDemoBox, test } from './fixtures';

// A folder the app sees as a USB stick (test hook); renaming it away and back unplugs and
// re-plugs it.
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-unplug-'));
const stick = join(base, 'UNPLUGME');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

test('a stick unplugged after it was chosen: "Archive now" waits with the reason, the form keeps everything, plugging it back lets it go', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  mkdirSync(stick);
  const words = (await startDemoBox(page)).join(' ');
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  await enterWords(page, words);
  await page.getByRole('radio', { name: /Test stick UNPLUGME/ }).check();
  const archiveNow = page.getByRole('button', { name: 'Archive now' });
  await expect(archiveNow).toBeEnabled();

  renameSync(stick, `${stick}.away`); // unplugged
  await expect(page.getByRole('alert').filter({ hasText: 'The stick you chose is unplugged' })).toBeVisible({ timeout: 15_000 });
  await expect(archiveNow).toBeDisabled();
  await expect(page.locator('.actions .hint')).toHaveText('The stick you chose is unplugged. Plug it in again, or choose another place.');
  // Nothing typed or checked was thrown away.
  expect(await wordsInSlots(page)).toBe(words);
  await expect(page.getByText('Box found.')).toBeVisible();
  await page.screenshot({ path: screenshotPath('stick-unplugged'), fullPage: true });

  renameSync(`${stick}.away`, stick); // plugged in again
  await expect(archiveNow).toBeEnabled({ timeout: 15_000 });
  await expect(page.getByRole('radio', { name: /Test stick UNPLUGME/ })).toBeChecked();
  await archiveNow.click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible({ timeout: 30_000 });
  expect(readdirSync(stick).filter((n) => n.endsWith('.idbox'))).toHaveLength(1);
});
