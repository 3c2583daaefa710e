import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, seedBox, serveBox, test } from './fixtures';

const root = new URL('..', import.meta.url).pathname;

test('Check while an idbox pull is using the box says it waits for that program, then answers', async ({ app }) => {
  test.setTimeout(240_000);
  const { page } = app;
  // A slow box (a real one on a weak link) with a backup large enough that each request takes seconds.
  const boxDir = join(app.workDir, 'box');
  mkdirSync(boxDir);
  const words = seedBox(boxDir, 1);
  const folder = readdirSync(boxDir).find((n) => statSync(join(boxDir, n)).isDirectory())!;
  writeFileSync(join(boxDir, folder, 'backup'), 'B'.repeat(600_000));
  const box = await serveBox(boxDir, ['--throttle-kbps', '100']);
  const wordsFile = join(app.workDir, 'words.txt');
  writeFileSync(wordsFile, words, { mode: 0o600 });
  const out = join(app.workDir, 'out');
  mkdirSync(out);
  // Another program on this computer: a scripted pull, with its own data folder.
  const pull = spawn(process.execPath, [join(root, 'bin/idbox.mjs'), 'pull', '--box', box.url, '--mnemonic-file', wordsFile, '--to', out], {
    env: { ...process.env, IDBOX_DATA_DIR: join(app.workDir, 'cli-data') },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  const downloading = new Promise<void>((resolve) =>
    pull.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('downloading')) resolve();
    }),
  );
  const pullDone = new Promise<number | null>((resolve) => pull.on('close', resolve));
  try {
    await downloading;
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
    await page.getByLabel('Address of your box').fill(box.url.replace('127.0.0.1', 'localhost'));
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('Waiting for another program that is using this box…')).toBeVisible({ timeout: 60_000 });
    // Its turn comes: the box is found, and the pull it waited for still succeeds.
    await expect(page.getByText('Box found.')).toBeVisible({ timeout: 180_000 });
    expect(await pullDone, stderr).toBe(0);
  } finally {
    if (pull.exitCode === null) pull.kill('SIGKILL');
    await box.stop();
  }
});
