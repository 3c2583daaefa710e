import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { archiveEntries, comparePaths, newSkipped } from './walk';

// The walk over a hostile folder (a stick): bounded in depth and in entries, never follows a link
// to a folder (a loop), and counts whatever it did not look at instead of passing over it.
const dir = mkdtempSync(join(tmpdir(), 'idbox-walk-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function walk(root: string, limits?: { depth: number; entries: number }) {
  const skipped = newSkipped();
  const out = [];
  for await (const e of archiveEntries([root], true, skipped, limits)) out.push(e);
  return { paths: out.map((e) => e.path), entries: out, skipped };
}

describe('the archive walk', () => {
  it('goes folder by folder with names in order, links to archives included, a link back up not followed', async () => {
    const root = join(dir, 'order');
    for (const d of ['a', 'a-b', 'b']) mkdirSync(join(root, d), { recursive: true });
    for (const f of ['a/2.idbox', 'a/10.idbox', 'a-b/x.idbox', 'b/y.idbox', 'z.idbox', 'notes.txt']) writeFileSync(join(root, f), 'x');
    symlinkSync(join(root, 'z.idbox'), join(root, 'b', 'link.idbox'));
    symlinkSync(root, join(root, 'b', 'loop'));
    const { paths, entries, skipped } = await walk(root);
    expect(paths.map((p) => p.slice(root.length + 1))).toEqual(['a/10.idbox', 'a/2.idbox', 'a-b/x.idbox', 'b/link.idbox', 'b/y.idbox', 'z.idbox']);
    expect(paths).toEqual([...paths].sort(comparePaths));
    expect(entries.find((e) => e.path.endsWith('link.idbox'))!.listedAsFile).toBe(false); // the reader checks it the careful way
    expect(skipped.folderLinks).toBe(1);
  });

  it('stops at the depth limit and counts the folders it did not enter', async () => {
    const root = join(dir, 'deep');
    let d = root;
    for (let i = 0; i < 6; i++) {
      d = join(d, `l${i}`);
      mkdirSync(d, { recursive: true });
      writeFileSync(join(d, 'a.idbox'), 'x');
    }
    const { paths, skipped } = await walk(root, { depth: 3, entries: 1000 });
    expect(paths).toHaveLength(3);
    expect(skipped.tooDeep).toBe(1);
  });

  it('stops after the entry limit and says so', async () => {
    const root = join(dir, 'many');
    mkdirSync(root);
    for (let i = 0; i < 50; i++) writeFileSync(join(root, `${i}.idbox`), 'x');
    const { paths, skipped } = await walk(root, { depth: 32, entries: 20 });
    expect(paths).toHaveLength(0);
    expect(skipped.stoppedAtLimit).toBe(true);
  });
});
