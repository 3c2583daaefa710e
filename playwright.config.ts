import { defineConfig } from '@playwright/test';
import { existsSync } from 'node:fs';

const CHROMIUM = process.env.IDBOX_CHROMIUM ?? '/usr/bin/chromium';

/**
 * Two projects: 'browser-host' drives the real renderer in Debian's Chromium through the browser
 * host (runs everywhere we build); 'electron' launches the real Electron app where its binary is
 * installed and reports itself skipped, with the reason, where it is not.
 */
export default defineConfig({
  testDir: 'e2e',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  projects: [
    {
      name: 'browser-host',
      testIgnore: /electron\.spec\.ts/,
      use: {
        browserName: 'chromium',
        viewport: { width: 1200, height: 860 },
        launchOptions: {
          executablePath: existsSync(CHROMIUM) ? CHROMIUM : undefined,
          args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        },
      },
    },
    {
      name: 'electron',
      testMatch: /electron\.spec\.ts/,
    },
  ],
});
