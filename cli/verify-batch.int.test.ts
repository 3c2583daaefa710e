import { spawnSync } from 'node:child_process';
import { copyFileSync, lstatSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures, type FixtureSet } from '../services/inspect/fixtures';
import { comparePaths } from '../services/inspect/walk';
import { STATUS_TEXT } from '../shared/inspect/status';

/**
 * `idbox verify` over many archives, as support staff run it on a stick: the real command (built,
 * so its helper threads run), on a folder where damaged, incomplete, cut-short and hostile archives
 * sit among good ones. Each archive must get the verdict `idbox inspect` gives it, in the same
 * words, whichever thread checked it; lines in path order on every run; real sizes for the files
 * that are not readable archives; and a link that loops back is not followed.
 */
const BIN = join(import.meta.dirname, '..', 'bin', 'idbox.mjs');
let dir: string;
let root: string;
let fx: FixtureSet;

function idbox(args: string[]) {
  const res = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
  return { status: res.status, out: res.stdout, err: res.stderr };
}

interface Line {
  path: string;
  ok: boolean;
  status: keyof typeof STATUS_TEXT;
  reason: string | null;
  bytes: number | null;
}
const jsonLines = (out: string) => out.trim().split('\n').map((l) => JSON.parse(l) as Line & { summary?: { archives: number; threads: number } });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'idbox-verify-batch-'));
  fx = await makeFixtures(join(dir, 'fixtures'), '2026-11-20T09:30:00.000Z');
  root = join(dir, 'stick');
  // 80 good archives in two folders, the damaged ones between them by name, one deeper down.
  for (const sub of ['a', 'b/deeper']) mkdirSync(join(root, sub), { recursive: true });
  for (let i = 0; i < 80; i++) copyFileSync(fx.good, join(root, i % 2 ? 'a' : 'b', `good-${String(i).padStart(3, '0')}.idbox`));
  for (const [i, [kind, path]] of Object.entries(fx.damaged).entries()) copyFileSync(path, join(root, i % 2 ? 'a' : 'b/deeper', `good-${String(i * 7).padStart(3, '0')}-${kind}.idbox`));
  writeFileSync(join(root, 'a', 'empty.idbox'), '');
  symlinkSync(fx.good, join(root, 'a', 'link-to-good.idbox'));
  symlinkSync(join(root, 'nowhere.idbox'), join(root, 'a', 'dangling.idbox'));
  symlinkSync(root, join(root, 'b', 'loop')); // a folder link back up: never followed
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('idbox verify of many archives (the batch path)', () => {
  it('gives every archive the verdict inspect gives it, in the same words, and the same lines from helper threads as from one thread', () => {
    const batch = idbox(['verify', '--json', '--recursive', '--jobs', '2', root]);
    expect(batch.status).toBe(1);
    const lines = jsonLines(batch.out);
    const summary = lines.pop()!.summary!;
    expect(summary.threads).toBe(2); // a helper thread checked archives too (asked for: by default helpers start from 3,000 archives)
    expect(lines.length).toBe(80 + 10 + 3);

    // The same verdict as inspect's for each file, whatever the kind of damage.
    const inspect = idbox(['inspect', '--json', ...lines.map((l) => l.path)]);
    const reports = JSON.parse(inspect.out) as { path: string; status: string; problems: { code: string; message: string }[] }[];
    expect(reports.map((r) => r.status)).toEqual(lines.map((l) => l.status));
    // A file that is no archive at all is said to be so in inspect's own sentence.
    const notOurs = reports.filter((r) => r.problems.some((p) => p.code === 'not-an-archive'));
    expect(notOurs.length).toBeGreaterThan(0);
    for (const r of notOurs) expect(lines.find((l) => l.path === r.path)!.reason).toBe(r.problems.find((p) => p.code === 'not-an-archive')!.message);
    expect(new Set(lines.map((l) => l.status))).toEqual(new Set(['ok', 'corrupt', 'incomplete', 'invalid']));
    for (const l of lines) expect(l.ok).toBe(l.status === 'ok');

    // One thread says exactly the same, line for line.
    const single = idbox(['verify', '--json', '--recursive', '--jobs', '1', root]);
    const singleLines = jsonLines(single.out);
    expect(singleLines.pop()!.summary!.threads).toBe(1);
    expect(singleLines).toEqual(lines);

    // The text lines carry inspect's status words.
    const text = idbox(['verify', '--recursive', root]).out.trim().split('\n').slice(0, -1);
    text.forEach((t, i) => expect(t).toBe(lines[i]!.ok ? `OK   ${lines[i]!.path}` : `BAD  ${lines[i]!.path}: ${STATUS_TEXT[lines[i]!.status]}. ${lines[i]!.reason}`));
  }, 240_000);

  it('prints lines in path order, folder by folder, the same on every run', () => {
    const run = () => idbox(['verify', '--recursive', root]).out.split('\n').filter((l) => /^(OK|BAD) /.test(l));
    const first = run();
    const paths = first.map((l) => l.replace(/^(OK|BAD) +/, '').replace(/\.idbox: .*$/, '.idbox'));
    expect(paths).toEqual([...paths].sort(comparePaths));
    expect(paths.indexOf(join(root, 'b', 'deeper', 'good-007-flipped-pem.idbox'))).toBeLessThan(paths.indexOf(join(root, 'b', 'good-000.idbox')));
    expect(run()).toEqual(first);
  }, 120_000);

  it('gives the real size of files that are not readable archives, and says which folder link it did not follow', () => {
    const res = idbox(['verify', '--json', '--recursive', root]);
    const lines = jsonLines(res.out).slice(0, -1);
    for (const l of lines) {
      const size = l.path.endsWith('dangling.idbox') ? lstatSync(l.path).size : statSync(l.path).size;
      expect(l.bytes, l.path).toBe(size);
    }
    const truncated = lines.find((l) => l.path.endsWith('truncated.idbox'))!;
    expect(truncated.status).toBe('invalid');
    expect(truncated.bytes).toBeGreaterThan(0);
    expect(res.err).toContain('1 link to a folder was not followed');
  }, 120_000);
});

describe('a walk that left something out', () => {
  it('never exits 0: good archives beside a link to a folder that was not followed exit 1, and stderr says what was left out', () => {
    const only = join(dir, 'only-good');
    const elsewhere = join(dir, 'elsewhere');
    mkdirSync(only);
    mkdirSync(elsewhere);
    copyFileSync(fx.good, join(only, 'good.idbox'));
    copyFileSync(fx.good, join(elsewhere, 'not-checked.idbox'));
    symlinkSync(elsewhere, join(only, 'linked-folder'));
    const r = idbox(['verify', '--recursive', only]);
    expect(r.out).toContain('1 archive: 1 ok, 0 not ok');
    expect(r.err).toMatch(/1 link to a folder was not followed/);
    expect(r.status).toBe(1);
  });
});
