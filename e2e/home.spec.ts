import { expect, screenshotPath, test } from './fixtures';

test('the home screen explains the three jobs and reaches a real service', async ({ app }) => {
  const { page } = app;
  await expect(page.getByRole('heading', { name: 'Keep a safe, offline copy of your Identity Box backup' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Archive my backup' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Restore my box' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Inspect an archive' })).toBeVisible();
  // A first start says once that there is no copy yet, not twice in two boxes.
  await expect(page.getByRole('status').filter({ hasText: 'No offline copy of your own backup yet' })).toBeVisible();
  await expect(page.getByText(/no archive|no offline copy/i)).toHaveCount(1);
  // The token was taken out of the address bar.
  expect(page.url()).not.toContain('token=');
  await page.screenshot({ path: screenshotPath('home'), fullPage: true });

  // A call through the real bridge reaches a real service and returns a typed result.
  const info = await page.evaluate(async () => {
    const res = await fetch('/api/call/app.info', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${sessionStorage.getItem('idbox-host-token')}` },
      body: '{}',
    });
    return res.json();
  });
  expect(info).toMatchObject({ ok: true, value: { host: 'browser-host', dataDir: app.dataDir } });
});

test('keyboard users can reach every job from the navigation', async ({ app }) => {
  const { page } = app;
  await expect(page).toHaveTitle('Home · Identity Box Companion');
  await page.getByRole('navigation', { name: 'Main' }).getByRole('button', { name: 'Inspect' }).click();
  await expect(page).toHaveURL(/#\/inspect$/);
  // Each screen names its tab.
  await expect(page).toHaveTitle('Inspect an archive · Identity Box Companion');
  await page.goBack();
  await expect(page).toHaveTitle('Home · Identity Box Companion');
  await expect(page.getByRole('heading', { name: 'Keep a safe, offline copy of your Identity Box backup' })).toBeVisible();
});

test('the page enforces its content security policy', async ({ app }) => {
  const { page } = app;
  const response = await page.request.get(app.url);
  expect(response.headers()['content-security-policy']).toContain("script-src 'self'");
  const ran = await page.evaluate(async () => {
    const script = document.createElement('script');
    script.textContent = 'window.__inlineRan = true';
    document.body.appendChild(script);
    await new Promise((r) => setTimeout(r, 100));
    return (window as unknown as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran, 'an inline script must be refused by the CSP').toBe(false);
});

test('the demo starts in one click from Home, the focus lands on its words, and they can be copied', async ({ app }) => {
  const { page } = app;
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByRole('button', { name: 'Start the demo box' }).click();
  await expect(page.getByRole('heading', { level: 3, name: "The demo backup's 24 words" })).toBeFocused({ timeout: 30_000 });
  const words = await page.getByRole('list', { name: 'Demo words' }).getByRole('listitem').allTextContents();
  expect(words).toHaveLength(24);
  await page.getByRole('button', { name: 'Copy the words' }).click();
  await expect(page.getByText('The demo words were copied.', { exact: false })).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(words.join(' '));
});

test('first start at 720x700: a neutral welcome, the demo above the fold, and the three jobs in one row (no orphan card)', async ({ app }) => {
  const { page } = app;
  await page.setViewportSize({ width: 720, height: 700 });
  await expect(page.getByText('No offline copy of your own backup yet')).toBeVisible();
  await expect(page.locator('.copies-headline.panel-error')).toHaveCount(0);
  const start = await page.getByRole('button', { name: 'Start the demo box' }).boundingBox();
  expect(start!.y + start!.height, 'the demo is above the fold').toBeLessThanOrEqual(700);
  const tops = await page.locator('.jobs > li').evaluateAll((els) => els.map((e) => Math.round(e.getBoundingClientRect().top)));
  expect(new Set(tops).size, 'three cards on one row').toBe(1);
  await page.screenshot({ path: screenshotPath('home-first-start-720'), fullPage: false });
});
