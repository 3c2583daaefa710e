import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { expect, screenshotPath, test } from './fixtures';

const root = new URL('..', import.meta.url).pathname;
const idbox = (...args: string[]) => execFileSync(process.execPath, [join(root, 'bin/idbox.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, IDBOX_LOG: 'silent' } });

test('a batch of 15 archives, 3 bad: the summary leads, problems come first, a filter and sortable columns, keyboard only', async ({ app }) => {
  const { page, workDir } = app;
  idbox('box', 'seed', '--data', join(workDir, 'box'), '--identities', '1', '--mnemonic-out', join(workDir, 'words.txt'));
  const folder = join(workDir, 'box', readdirSync(join(workDir, 'box'))[0]!);
  const stick = join(workDir, 'stick');
  mkdirSync(stick);
  const good = join(workDir, 'good.idbox');
  idbox('pack', folder, '-o', good);
  // 12 good archives; the three bad ones have the oldest dates in their names, so a date sort would bury them.
  for (let i = 1; i <= 12; i++) copyFileSync(good, join(stick, `idbox-4QxZ5yaZ-202611${String(10 + i)}T100000Z.idbox`));
  const bytes = readFileSync(good);
  const at = bytes.indexOf('-----BEGIN ENCRYPTED PRIVATE KEY-----') + 200;
  bytes[at] = bytes[at]! ^ 0x01;
  writeFileSync(join(stick, 'idbox-4QxZ5yaZ-20261101T100000Z.idbox'), bytes);
  writeFileSync(join(stick, 'idbox-4QxZ5yaZ-20261102T100000Z.idbox'), readFileSync(good).subarray(0, 3000));
  writeFileSync(join(stick, 'idbox-4QxZ5yaZ-20261103T100000Z.idbox'), 'not an archive at all');

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inspect' }).click();
  const scanField = page.getByLabel('Check every archive in a folder or on a stick');
  await scanField.fill(stick);
  await scanField.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: '12 complete and intact, 3 with problems' })).toBeVisible({ timeout: 60_000 });
  const rows = page.getByRole('table').getByRole('row');
  await expect(rows).toHaveCount(16);
  // Problems first: the three bad ones are rows 1 to 3, each saying why.
  for (const n of [1, 2, 3]) await expect(rows.nth(n).locator('.scan-reason')).not.toBeEmpty();
  await expect(rows.nth(4)).toContainText('Complete and intact');
  await page.screenshot({ path: screenshotPath('inspect-batch-summary'), fullPage: true });
  await noViolationsLightAndDark(page, 'a batch with problems');

  // Filter by status, with the keyboard: the radio group moves with the arrow keys.
  await page.getByRole('radio', { name: 'All (15)' }).focus();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByRole('radio', { name: 'With problems (3)' })).toBeChecked();
  await expect(rows).toHaveCount(4);
  await page.getByRole('radio', { name: 'Complete and intact (12)' }).check();
  await expect(rows).toHaveCount(13);
  await page.getByRole('radio', { name: 'All (15)' }).check();

  // Sort by file name, Enter on the column's button; again for the other direction.
  const fileHeader = page.getByRole('columnheader', { name: /File/ });
  await fileHeader.getByRole('button').focus();
  await page.keyboard.press('Enter');
  await expect(fileHeader).toHaveAttribute('aria-sort', 'ascending');
  await expect(rows.nth(1)).toContainText('20261101T100000Z');
  await page.keyboard.press('Enter');
  await expect(fileHeader).toHaveAttribute('aria-sort', 'descending');
  await expect(rows.nth(1)).toContainText('20261122T100000Z');
  // Names break only between their parts, never inside one.
  expect(await rows.nth(1).locator('.breakable-name wbr').count()).toBe(3);
});
