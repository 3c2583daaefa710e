import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { noViolationsLightAndDark } from './axe';
import { enterWords, expect, screenshotPath, test } from './fixtures';

const root = new URL('..', import.meta.url).pathname;
const idbox = (...args: string[]) => execFileSync(process.execPath, [join(root, 'bin/idbox.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, IDBOX_LOG: 'silent' } });

test('support staff inspect a damaged archive and a folder of archives', async ({ app }) => {
  const { page, workDir } = app;
  // A real backup, packed, then one byte of a key file flipped.
  idbox('box', 'seed', '--data', join(workDir, 'box'), '--identities', '2', '--peers', '1', '--mnemonic-out', join(workDir, 'words.txt'));
  const folder = join(workDir, 'box', readdirSync(join(workDir, 'box'))[0]!);
  const stick = join(workDir, 'stick');
  execFileSync('mkdir', ['-p', stick]);
  const good = join(stick, 'idbox-good-20261101T100000Z.idbox');
  idbox('pack', folder, '-o', good);
  const bytes = readFileSync(good);
  const pemAt = bytes.indexOf('-----BEGIN ENCRYPTED PRIVATE KEY-----') + 200;
  bytes[pemAt] = bytes[pemAt]! ^ 0x01;
  const damaged = join(stick, 'idbox-damaged-20261102T100000Z.idbox');
  writeFileSync(damaged, bytes);
  // An archive from a newer app: only its manifest, with the next format version.
  const newerDir = join(workDir, 'newer');
  execFileSync('mkdir', ['-p', newerDir]);
  const manifest = execFileSync('tar', ['-xOf', good, 'manifest.json'], { encoding: 'utf8' });
  writeFileSync(join(newerDir, 'manifest.json'), manifest.replace('"formatVersion": 1', '"formatVersion": 3'));
  execFileSync('tar', ['-cf', join(stick, 'idbox-newer-20261103T100000Z.idbox'), '-C', newerDir, 'manifest.json']);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inspect' }).click();
  await page.getByLabel('Archive file or backup folder').fill(damaged);
  await page.getByRole('main').getByRole('button', { name: 'Inspect', exact: true }).click();
  await expect(page.getByText('Damaged: some content does not match').first()).toBeVisible();
  await expect(page.getByText(/This file is damaged: its checksum does not match the manifest/)).toBeVisible();
  await expect(page.getByText(/PBKDF2 with hmacWithSHA512, 10,000 iterations/).first()).toBeVisible();
  // The damaged files are pinned above the full table, in a list of their own.
  const pinned = page.getByRole('region', { name: 'Damaged files (1)' });
  await expect(pinned.getByRole('row')).toHaveCount(2);
  await expect(pinned.locator('tbody tr')).toContainText('.pem');
  await expect(pinned.locator('tbody tr')).toContainText('no');
  const all = page.getByRole('heading', { name: /^All files \(\d+\)$/ });
  expect((await pinned.boundingBox())!.y).toBeLessThan((await all.boundingBox())!.y);
  await page.screenshot({ path: screenshotPath('inspect-report'), fullPage: true });
  // At the 720 px minimum, "Save to (full path)" stays on one line beside its field.
  await page.setViewportSize({ width: 720, height: 800 });
  const label = page.locator('.save-to .inline-label');
  const lineHeight = await label.evaluate((el) => parseFloat(getComputedStyle(el).lineHeight));
  expect((await label.boundingBox())!.height).toBeLessThan(lineHeight * 1.5);
  await noViolationsLightAndDark(page, 'inspect report of a damaged archive');
  await page.setViewportSize({ width: 1280, height: 800 });

  // Scan the whole stick: one ok, one damaged, one from a newer app; each row that is not ok says why.
  await page.getByLabel('Check every archive in a folder or on a stick').fill(stick);
  await page.getByRole('button', { name: 'Scan folder' }).click();
  await expect(page.getByRole('heading', { name: '1 complete and intact, 2 with problems' })).toBeVisible();
  await expect(page.getByRole('row')).toHaveCount(4);
  await expect(page.getByText('Complete and intact', { exact: true })).toBeVisible();
  const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('button', { name }) });
  await expect(row('idbox-damaged-20261102T100000Z.idbox')).toContainText(/\.pem: This file is damaged: its checksum does not match the manifest/);
  await expect(row('idbox-newer-20261103T100000Z.idbox')).toContainText('This archive was made by a newer version of the app. Update the app to open it.');
  await expect(row('idbox-good-20261101T100000Z.idbox')).not.toContainText('damaged');
  await page.screenshot({ path: screenshotPath('inspect-batch-reasons'), fullPage: true });

  // Open the good one; the owner checks their words.
  await page.getByRole('button', { name: 'idbox-good-20261101T100000Z.idbox' }).click();
  await expect(page.getByText(/No problems found/)).toBeVisible();
  await page.getByText("The owner is here: check their 24 words against this archive").click();
  await enterWords(page, readFileSync(join(workDir, 'words.txt'), 'utf8'));
  await expect(page.getByText(/The words match and open the backup: 2 identities/)).toBeVisible();

  // Save the report; it has no full backup id and no secret.
  const out = join(workDir, 'report.json');
  await page.getByLabel('Format').selectOption('json');
  await page.getByLabel('Save to').fill(out);
  await page.getByRole('button', { name: 'Save report' }).click();
  await expect(page.getByText(`Saved to ${out}.`)).toBeVisible();
  const saved = readFileSync(out, 'utf8');
  expect(JSON.parse(saved).status).toBe('ok');
  expect(saved).not.toContain(readdirSync(join(workDir, 'box'))[0]!);
  expect(saved).not.toMatch(/secretKey/);
});
