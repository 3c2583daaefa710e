import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enterWords, expect, startDemoBox, test } from './fixtures';

// Archive format 2 from the app: the archive on the stick holds no readable key file, and it
// brings the box's files back byte for byte once the owner's words open it.
const stick = mkdtempSync(join(tmpdir(), 'idbox-e2e-sealed-'));
test.use({ hostEnv: { IDBOX_EXTRA_VOLUMES: stick } });
test.afterAll(() => rmSync(stick, { recursive: true, force: true }));

function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }).map(String)) {
    const path = join(dir, name);
    if (statSync(path).isFile()) out[name] = readFileSync(path).toString('base64');
  }
  return out;
}

test('a sealed archive made in the app restores byte-identical to a re-flashed box', async ({ app }) => {
  test.setTimeout(90_000);
  const { page } = app;
  const words = await startDemoBox(page);
  await page.getByRole('button', { name: 'Try archiving from the demo box' }).click();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  await enterWords(page, words.join(' '));
  await page.getByRole('radio', { name: /Test stick/ }).check();
  await page.getByRole('button', { name: 'Archive now' }).click();
  await expect(page.getByRole('heading', { name: /archived and verified/ })).toBeVisible();

  const [name] = readdirSync(stick).filter((n) => n.endsWith('.idbox'));
  const archive = readFileSync(join(stick, name!));
  expect(archive.includes('PRIVATE KEY')).toBe(false);
  expect(archive.includes('"formatVersion": 2')).toBe(true);

  const backups = join(app.dataDir, 'demo-box', 'backups');
  const [id] = readdirSync(backups);
  expect(archive.includes(id!)).toBe(false);
  const before = snapshot(join(backups, id!));
  expect(Object.keys(before).some((p) => p.endsWith('.pem'))).toBe(true);
  for (const n of readdirSync(backups)) rmSync(join(backups, n), { recursive: true });

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Restore' }).click();
  await page.getByRole('button', { name: /idbox-.*\.idbox on Test stick/ }).click();
  await expect(page.getByText(/all \d+ files match their checksums/)).toBeVisible();
  await expect(page.getByText('(key files sealed to your words)')).toBeVisible();
  await enterWords(page, words.join(' '));
  await expect(page.getByText(/This is your backup: 2 identities/)).toBeVisible();
  await page.getByRole('button', { name: 'Check' }).click();
  await expect(page.getByText('Box found.')).toBeVisible();
  await page.getByRole('button', { name: 'Restore to box' }).click();
  await expect(page.getByRole('heading', { name: /Your backup is back on your box/ })).toBeVisible();
  expect(snapshot(join(backups, id!))).toEqual(before);

  // Support staff see the key files are sealed without the words; the owner's words open them.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inspect' }).click();
  await page.getByLabel('Archive file or backup folder').fill(join(stick, name!));
  await page.getByRole('main').getByRole('button', { name: 'Inspect', exact: true }).click();
  await expect(page.getByText(/Key files: sealed to the owner's words \(format 2\)/)).toBeVisible();
  await page.getByText('The owner is here: check their 24 words against this archive').click();
  await enterWords(page, words.join(' '));
  await expect(page.getByText(/Your words open 2 key files, each a box key file in the expected form/)).toBeVisible();
  await expect(page.getByText(/PBKDF2 with hmacWithSHA512/).first()).toBeVisible();
});

test("a format-1 archive's report offers to reseal it with the owner's words, and removes the old one only when asked", async ({ app }) => {
  test.setTimeout(90_000);
  const { page, workDir } = app;
  const root = new URL('..', import.meta.url).pathname;
  const idbox = (...args: string[]) => execFileSync(process.execPath, [join(root, 'bin/idbox.mjs'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, IDBOX_LOG: 'silent' } });
  idbox('box', 'seed', '--data', join(workDir, 'box'), '--identities', '2', '--mnemonic-out', join(workDir, 'words.txt'));
  const folder = join(workDir, 'box', readdirSync(join(workDir, 'box'))[0]!);
  const dir = join(workDir, 'old');
  mkdirSync(dir);
  const old = join(dir, 'idbox-oldarchv-20261101T100000Z.idbox');
  idbox('pack', folder, '-o', old);
  expect(readFileSync(old).includes('PRIVATE KEY')).toBe(true);

  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inspect' }).click();
  await page.getByLabel('Archive file or backup folder').fill(old);
  await page.getByRole('main').getByRole('button', { name: 'Inspect', exact: true }).click();
  await page.getByText('The owner is here: check their 24 words against this archive').click();
  await enterWords(page, readFileSync(join(workDir, 'words.txt'), 'utf8').trim());
  await expect(page.getByText(/The words match and open the backup/)).toBeVisible();
  await expect(page.getByText(/This archive is format 1: its key files are readable by anyone who finds it/)).toBeVisible();
  await page.getByRole('button', { name: 'Reseal with my words' }).click();
  await expect(page.getByText(/A sealed copy was written beside it and verified/)).toBeVisible();
  // Nothing is removed before the person confirms.
  expect(readdirSync(dir)).toHaveLength(2);
  await page.getByRole('button', { name: 'Remove the old archive' }).click();
  await expect(page.getByText(/Done: only the sealed archive/)).toBeVisible();
  const left = readdirSync(dir);
  expect(left).toHaveLength(1);
  const sealed = readFileSync(join(dir, left[0]!));
  expect(sealed.includes('PRIVATE KEY')).toBe(false);
  expect(sealed.includes('"formatVersion": 2')).toBe(true);
});
