import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Zero axe violations (WCAG 2.x A/AA and best practices) on what is on screen now. */
export async function noViolations(page: Page, name: string): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  const found = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')})`);
  expect(found, `axe on ${name}`).toEqual([]);
}

/** The same screen, light at the default size and dark at the 720 px window minimum: axe on both, and nothing wider than the window. */
export async function noViolationsLightAndDark(page: Page, name: string): Promise<void> {
  const size = page.viewportSize();
  await noViolations(page, `${name} (light)`);
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.setViewportSize({ width: 720, height: 800 });
  try {
    await noViolations(page, `${name} (dark, 720 px)`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, `${name} fits 720 px`).toBeLessThanOrEqual(0);
  } finally {
    await page.emulateMedia({ colorScheme: 'light' });
    if (size) await page.setViewportSize(size);
  }
}
