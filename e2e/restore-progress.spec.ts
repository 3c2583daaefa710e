import { expect, restoreToResetOwnBox, test } from './fixtures';

const KB = (text: string) => {
  const m = /^([\d.]+) (bytes|KB|MB)$/.exec(text.trim());
  if (!m) throw new Error(`not an amount: ${text}`);
  return Number(m[1]) * (m[2] === 'MB' ? 1e6 : m[2] === 'KB' ? 1e3 : 1);
};

test('a slow restore: time left from this box\u2019s measured speed from its first moment, one total for upload and read-back, "almost done" only at the end', async ({ app }) => {
  test.setTimeout(180_000);
  const { page, workDir } = app;
  // This box's speed is measured while it is archived; then the restore starts.
  const box = await restoreToResetOwnBox(page, workDir, { identities: 4, throttleKbps: 4 });
  try {

    const stage = page.locator('.stage[aria-current="step"]');
    const seen: { stage: string; amount: string; pace: string }[] = [];
    while (!(await page.getByRole('heading', { level: 1, name: /Your backup is back on your box/ }).isVisible())) {
      const now = {
        stage: ((await stage.textContent().catch(() => '')) ?? '').trim(),
        amount: ((await page.getByTestId('progress-amount').textContent().catch(() => '')) ?? '').trim(),
        pace: ((await page.getByTestId('progress-pace').textContent().catch(() => '')) ?? '').trim(),
      };
      if (now.amount.includes(' of ')) seen.push(now);
      await page.waitForTimeout(100);
    }
    const moving = seen.filter((s) => /Putting the backup|Reading it back/.test(s.stage));
    const uploading = moving.filter((s) => /Putting the backup/.test(s.stage));
    expect(uploading.length, JSON.stringify(seen)).toBeGreaterThan(0);
    // The first thing the upload shows already has a time left: this box's speed is known.
    expect(uploading[0]!.pace, JSON.stringify(uploading.slice(0, 3))).toMatch(/about [\d a-z]+ left/);
    // One whole for the upload and its read-back, never passed.
    const wholes = new Set(moving.map((s) => s.amount.split(' of ')[1]));
    expect([...wholes], JSON.stringify(moving)).toHaveLength(1);
    for (const s of moving) expect(KB(s.amount.split(' of ')[0]!)).toBeLessThanOrEqual(KB(s.amount.split(' of ')[1]!));
    // Nearly through the upload is not "almost done": the read-back is still to come.
    for (const s of uploading) expect(s.pace).not.toContain('almost done');
  } finally {
    await box.stop();
  }
});
