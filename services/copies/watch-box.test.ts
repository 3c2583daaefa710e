import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { backupRef } from '../archive/catalog';
import { createSettings } from '../archive/settings';
import type { BoxDigest } from '../box/client';
import { setQuiet } from '../log';
import { boxCheckInterval, watchBoxes, type Seen } from './watch-box';

setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-watch-box-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const plain = { description: 'plain', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
const ID = 'B'.repeat(86);
const digest = (d: string): BoxDigest => ({ digest: d.repeat(64), files: 1, bytes: 1, modified: null });

async function setup(name: string, answers: (() => BoxDigest)[]) {
  const settings = createSettings(join(root, name), plain);
  await settings.remember('http://127.0.0.1:3999', ID);
  const seen: Seen = new Map();
  let changes = 0;
  let calls = 0;
  const watch = watchBoxes({
    settings,
    seen,
    demo: async () => ({ backupId: null, url: null }),
    intervalMs: async () => 60_000,
    onChange: () => (changes += 1),
    digest: async () => answers[Math.min(calls++, answers.length - 1)]!(),
  });
  return { watch, seen, changes: () => changes, calls: () => calls };
}

describe('the view follows the box', () => {
  it('tells a change from what the view last showed, once, with one call per look', async () => {
    const w = await setup('change', [() => digest('a'), () => digest('a'), () => digest('b'), () => digest('b')]);
    w.seen.set(backupRef(ID), 'a'.repeat(64)); // what copies.list showed
    expect(await w.watch.look()).toBe(false);
    expect(await w.watch.look()).toBe(false);
    expect(await w.watch.look()).toBe(true); // the phone made a new backup
    expect(await w.watch.look()).toBe(false); // told once
    expect(w.changes()).toBe(1);
    expect(w.calls()).toBe(4);
  });

  it('tells the view when a box it could not ask answers again', async () => {
    const w = await setup('back', [() => digest('e')]);
    w.seen.set(backupRef(ID), 'unknown'); // copies.list found the box unreachable
    expect(await w.watch.look()).toBe(true);
    expect(await w.watch.look()).toBe(false);
  });

  it('never waits for another program using the box, and asks again next time', async () => {
    const w = await setup('busy', [
      () => {
        throw new AppError('box-busy', 'busy');
      },
      () => digest('c'),
    ]);
    await w.watch.look();
    await w.watch.look();
    expect(w.calls()).toBe(2);
  });

  it('backs off from an unreachable box: 1, 2, 4 … intervals between asks, and back to every interval once it answers', async () => {
    const down = () => {
      throw new AppError('box-unreachable', 'down');
    };
    const w = await setup('down', [down, down, down, () => digest('d')]);
    const asked: number[] = [];
    for (let i = 1; i <= 12; i++) {
      const before = w.calls();
      await w.watch.look();
      if (w.calls() > before) asked.push(i);
    }
    // Asked at look 1 (fails), skips 1, asked 3 (fails), skips 2, asked 6 (fails), skips 4, asked 11 (answers), then every look.
    expect(asked).toEqual([1, 3, 6, 11, 12]);
  });

  it('takes its interval from the setting, or from the test hook only when test hooks are on', async () => {
    const settings = createSettings(join(root, 'interval'), plain);
    expect(await boxCheckInterval(settings, {})).toBe(5 * 60_000);
    expect(await boxCheckInterval(settings, { IDBOX_BOX_CHECK_MS: '500' })).toBe(5 * 60_000);
    expect(await boxCheckInterval(settings, { IDBOX_TEST_HOOKS: '1', IDBOX_BOX_CHECK_MS: '500' })).toBe(500);
  });
});
