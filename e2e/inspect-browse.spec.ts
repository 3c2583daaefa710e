import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { expect, screenshotPath, test } from './fixtures';

const root = new URL('..', import.meta.url).pathname;
const idbox = (...args: string[]) => execFileSync(process.execPath, [join(root, 'bin/idbox.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, IDBOX_LOG: 'silent' } });

// The person's home folder and a plugged-in stick, both scratch folders.
const home = realpathSync(mkdtempSync(join(tmpdir(), 'idbox-e2e-home-')));
const stick = realpathSync(mkdtempSync(join(tmpdir(), 'idbox-e2e-stick-')));
test.use({ hostEnv: { HOME: home, IDBOX_EXTRA_VOLUMES: stick } });

/** A made-up backup seeded and packed into `to`; returns the backup folder (to pack it again). */
function packBackup(scratch: string, to: string): string {
  const data = join(scratch, `box-${Math.random().toString(36).slice(2)}`);
  idbox('box', 'seed', '--data', data, '--identities', '1', '--mnemonic-out', join(data, '..', 'w.txt'));
  const folder = join(data, readdirSync(data)[0]!);
  idbox('pack', folder, '-o', to);
  return folder;
}

test('Inspect offers the archives the app knows, by backup and newest first, and a folder browser that works by keyboard', async ({ app }) => {
  test.setTimeout(120_000);
  const { page, workDir } = app;
  const a = packBackup(workDir, join(stick, 'idbox-AAAAAAAA-older.idbox'));
  await new Promise((r) => setTimeout(r, 1100));
  idbox('pack', a, '-o', join(stick, 'idbox-AAAAAAAA-newer.idbox'));
  packBackup(workDir, join(stick, 'idbox-BBBBBBBB-only.idbox'));
  mkdirSync(join(home, 'Backups'));
  packBackup(workDir, join(home, 'Backups', 'idbox-in-home.idbox'));

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inspect' }).click();
  const known = page.getByRole('region', { name: 'Archives this app knows' });
  await expect(known).toBeVisible({ timeout: 30_000 });
  // Two backups, each its own list; within one, the newest first.
  await expect(known.getByRole('heading', { level: 3, name: /^Backup / })).toHaveCount(2);
  const group = known.getByRole('region').filter({ hasText: 'idbox-AAAAAAAA' });
  const buttons = group.getByRole('button');
  await expect(buttons.nth(0)).toContainText('idbox-AAAAAAAA-newer.idbox');
  await expect(buttons.nth(1)).toContainText('idbox-AAAAAAAA-older.idbox');

  // The folder browser, keyboard only: open it, go into Backups, take the archive there.
  const browse = page.getByRole('button', { name: 'Browse…' });
  await browse.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: home })).toBeFocused();
  await expect(page.getByRole('group', { name: 'Places' }).getByRole('button', { name: 'Home folder' })).toHaveAttribute('aria-pressed', 'true');
  await page.screenshot({ path: screenshotPath('inspect-known-and-browse'), fullPage: true });
  await noViolationsLightAndDark(page, 'inspect with known archives and the folder browser');
  await page.getByRole('button', { name: 'Backups (folder)' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2, name: join(home, 'Backups') })).toBeFocused();
  await page.getByRole('button', { name: 'idbox-in-home.idbox (archive)' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByLabel('Archive file or backup folder')).toHaveValue(join(home, 'Backups', 'idbox-in-home.idbox'));
  await expect(page.getByText('Complete and intact').first()).toBeVisible({ timeout: 30_000 });

  // The stick is a place too; "Check this folder" checks every archive in it.
  await page.getByRole('button', { name: 'Browse…' }).click();
  await page.getByRole('group', { name: 'Places' }).getByRole('button', { name: /Test stick/ }).click();
  await expect(page.getByRole('heading', { level: 2, name: stick })).toBeVisible();
  await page.getByRole('button', { name: 'Check this folder' }).click();
  await expect(page.getByRole('heading', { level: 2, name: '3 archives, all complete and intact' })).toBeVisible({ timeout: 60_000 });
});
