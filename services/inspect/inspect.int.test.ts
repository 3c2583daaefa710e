import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import { Report } from '../../shared/inspect/report';
import { reportToHtml } from '../../shared/inspect/render';
import { makeFixtures, makeInterruptedFolder, removeFixtures, type FixtureSet } from './fixtures';
import { inspectPath } from './inspect';
import { captureIO } from '../../tests/helpers/assert';

const dir = mkdtempSync(join(tmpdir(), 'idbox-inspect-'));
let fx: FixtureSet;
beforeAll(async () => {
  fx = await makeFixtures(dir);
});
afterAll(() => removeFixtures(dir));


describe('inspection', () => {
  it('a good archive is ok, with PBES2 parameters and no secret or full id in the report', async () => {
    const r = await inspectPath(fx.good);
    expect(Report.parse(r).status).toBe('ok');
    expect(r.problems).toEqual([]);
    expect(r.pems[0]).toMatchObject({ kdf: 'PBKDF2', prf: 'hmacWithSHA512', iterations: 10000, saltLength: 16, cipher: 'aes256-CBC' });
    expect(r.didDocuments).toBe(2);
    const text = JSON.stringify(r);
    expect(text).not.toContain(fx.seeded.backupId);
    expect(text).not.toMatch(/secretKey/);
  });

  it.each([
    ['flipped-backup', 'corrupt', 'checksum-mismatch'],
    ['flipped-pem', 'corrupt', 'checksum-mismatch'],
    ['flipped-did', 'corrupt', 'checksum-mismatch'],
    ['truncated', 'invalid', 'archive-structure'],
    ['missing-pem', 'incomplete', 'count-mismatch'],
    ['did-id-mismatch', 'corrupt', 'did-invalid'],
    ['extra-member', 'corrupt', 'extra-file'],
    ['traversal', 'invalid', 'archive-structure'],
    ['wrong-version', 'invalid', 'archive-structure'],
    ['garbage', 'invalid', 'not-an-archive'],
  ] as const)('%s is reported as %s (%s)', async (kind, status, code) => {
    const r = await inspectPath(fx.damaged[kind]);
    expect(r.status).toBe(status);
    expect(r.problems.map((p) => p.code)).toContain(code);
    expect(r.problems.every((p) => p.message.length > 10)).toBe(true);
  });

  it('a raw box folder, complete and interrupted', async () => {
    expect((await inspectPath(fx.seeded.folder)).status).toBe('ok');
    const half = makeInterruptedFolder(fx.seeded.folder, join(dir, 'half', fx.seeded.backupId));
    const r = await inspectPath(half);
    expect(r.status).toBe('incomplete');
    expect(r.problems.map((p) => p.code)).toContain('incomplete');
  });

  it('a directory of 50,000 files gives a report, not a hang', async () => {
    const big = join(dir, 'big');
    mkdirSync(big);
    for (let i = 0; i < 50_000; i++) writeFileSync(join(big, `f${i}`), '');
    const started = Date.now();
    const r = await inspectPath(big);
    expect(r.status).toBe('invalid');
    expect(r.problems[0]!.code).toBe('too-many-entries');
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);

  it('escapes everything in the HTML report', () => {
    const html = reportToHtml([{ reportVersion: 1, path: '<script>x</script>', kind: 'archive', status: 'ok', format: null, formatVersion: null, createdAt: null, appVersion: null, sourceBox: null, backupId: null, size: 0, files: [], pems: [], didDocuments: 0, problems: [] }]);
    expect(html).not.toContain('<script>x');
    expect(html).toContain('&lt;script&gt;');
  });
});

describe('idbox inspect and verify', () => {
  it('inspect --json with the owner words says they match and summarises, exit 0', async () => {
    const words = join(dir, 'words.txt');
    writeFileSync(words, fx.seeded.mnemonic);
    const c = captureIO();
    expect(await main(['inspect', fx.good, '--json', '--mnemonic-file', words], c.io)).toBe(0);
    const [r] = JSON.parse(c.out.join('')) as Report[];
    expect(r).toMatchObject({ kind: 'archive', status: 'ok', mnemonicMatches: true, identities: { own: 2, peers: 1 }, backupId: fx.seeded.backupId.slice(0, 8) });
  });

  it('verify -r: one line per archive, a summary, exit 1 when any is bad; its word for each archive is the one inspect gives', async () => {
    const c = captureIO();
    expect(await main(['verify', dir, '--recursive', '--json'], c.io)).toBe(1);
    const lines = c.out.join('\n').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { path?: string; status?: string; summary?: object });
    // An archive whose bytes match its manifest but whose backup is incomplete or inconsistent
    // cannot bring the identities back: verify says so, in the very word inspect uses.
    const perArchive = lines.filter((l) => l.path);
    expect(perArchive.filter((l) => l.status === 'ok').map((l) => basename(l.path!))).toEqual(['good.idbox']);
    expect(perArchive).toHaveLength(11);
    for (const line of perArchive) expect(line.status, line.path).toBe((await inspectPath(line.path!)).status);
    expect(lines.at(-1)).toMatchObject({ summary: { archives: 11, ok: 1, notOk: 10 } });
    const one = captureIO();
    expect(await main(['verify', fx.good], one.io)).toBe(0);
    const none = captureIO();
    expect(await main(['verify', join(dir, 'box')], none.io)).toBe(2);
  });
});
