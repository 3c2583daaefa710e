import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, screenshotPath, serveBox, test } from './fixtures';

test('a box without the backup service shows the install steps and the package to download', async ({ app }) => {
  test.setTimeout(120_000);
  const { page } = app;
  // A reference box on loopback where the backup service is not installed (a re-flashed box).
  mkdirSync(join(app.workDir, 'bare-box'));
  const box = await serveBox(join(app.workDir, 'bare-box'), ['--without-backup-service']);
  const url = box.url;
  try {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Archive' }).click();
    await page.getByLabel('Address of your box').fill(url);
    await page.getByRole('button', { name: 'Check' }).click();
    await expect(page.getByText('The backup service is not installed on your box')).toBeVisible();
    const steps = page.getByRole('region', { name: 'Install the backup service on your box' });
    await expect(steps.getByText('npm install ~/identity-box-companion-backup-service-')).toBeVisible();
    await expect(steps.getByText('pm2 start ecosystem.config.cjs')).toBeVisible();
    // The browser version: a download link, and where the file lies on this computer.
    const link = steps.getByRole('link', { name: 'Download the box service package' });
    await expect(link).toBeVisible({ timeout: 60_000 });
    await page.screenshot({ path: screenshotPath('box-service-missing'), fullPage: true });
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^identity-box-companion-backup-service-\d+\.\d+\.\d+\.tgz$/);
    const saved = join(app.workDir, download.suggestedFilename());
    await download.saveAs(saved);
    const data = readFileSync(saved);
    expect(data.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b])); // gzip
    expect(data.length).toBeGreaterThan(50_000);
    await expect(steps.getByText(/it is also at .*\.tgz on this computer/)).toBeVisible();
  } finally {
    await box.stop();
  }
});
