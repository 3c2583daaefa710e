import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { expect, screenshotPath, seedBox, serveBox, test } from './fixtures';

// Issue #24: support staff plug in a customer's stick. Its backup is not the person's: it is listed
// apart, never counted, never in the headline, and forgotten with one click.
const base = mkdtempSync(join(tmpdir(), 'idbox-e2e-seen-'));
const stick = join(base, 'CUSTOMER');
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(base, { recursive: true, force: true }));

const root = new URL('..', import.meta.url).pathname;

test("a stranger's backup on a plugged-in stick is shown apart, not counted, and forgotten with one click", async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  const boxData = join(app.workDir, 'customer-box');
  const words = seedBox(boxData);
  const wordsFile = join(app.workDir, 'customer-words.txt');
  execFileSync('sh', ['-c', 'printf "%s" "$1" > "$2"', 'sh', words, wordsFile]);
  const box = await serveBox(boxData);
  try {
    // The customer's archive, written by their own app (another data folder).
    mkdirSync(stick);
    execFileSync(process.execPath, [join(root, 'bin', 'idbox.mjs'), 'pull', '--box', box.url, '--mnemonic-file', wordsFile, '--to', stick, '--json'], {
      env: { ...process.env, IDBOX_DATA_DIR: join(app.workDir, 'customer-app'), IDBOX_LOG: 'silent' },
    });
  } finally {
    await box.stop();
  }

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Copies' }).click();
  const seen = page.getByRole('region', { name: 'Other backups seen on sticks' });
  await expect(seen).toContainText(/1 archive on Test stick CUSTOMER/, { timeout: 20_000 });
  await expect(page.getByRole('status').filter({ hasText: 'No offline copy of your own backup yet' }).first()).toBeVisible();
  await expect(page.getByRole('table')).toHaveCount(0); // none of the person's copies
  await page.screenshot({ path: screenshotPath('copies-seen-on-sticks'), fullPage: true });
  await noViolationsLightAndDark(page, 'Copies with another backup seen on a stick');

  await seen.getByRole('button', { name: /^Forget backup / }).click();
  await expect(seen.getByRole('status')).toContainText('is forgotten: it is not listed again. The files were not touched.');
  await expect(seen.getByRole('listitem')).toHaveCount(0);
});
