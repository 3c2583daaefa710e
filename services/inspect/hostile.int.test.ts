import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import type { Report } from '../../shared/inspect/report';
import { captureIO } from '../../tests/helpers/assert';
import { setQuiet } from '../log';
import { archiveWith, makeFixtures, removeFixtures, type FixtureSet } from './fixtures';
import { inspectHandlers } from './handlers';
import { inspectPath } from './inspect';

// Crafted content inside well-formed archives and folders: each problem stays on its file, no
// output leaks a full backup id, and no text reaches a terminal with its escapes intact.
setQuiet(true);
const dir = mkdtempSync(join(tmpdir(), 'idbox-hostile-'));
let fx: FixtureSet;
let didPath: string;
beforeAll(async () => {
  fx = await makeFixtures(dir);
  const report = await inspectPath(fx.good);
  didPath = report.files.find((f) => f.path.startsWith('did-docs/'))!.path;
});
afterAll(() => removeFixtures(dir));

const deep = (open: string, close: string, depth: number) => `${open.repeat(depth)}${close.repeat(depth)}`;
const ctx = { signal: new AbortController().signal, emit: () => {}, operationId: null } as never;

describe('deeply nested JSON in a DID document (defect 5)', () => {
  const cases: [string, string][] = [
    ['id as a list nested 200,000 deep', `{"id":${deep('[', ']', 200_000)}}`],
    ['id as an object nested 100,000 deep', `{"id":${deep('{"a":', '}', 100_000).replace(/\{"a":\}/, '{"a":1}')}}`],
    ['publicKey nested 200,000 deep', `{"id":"did:ipid:x","publicKey":${deep('[', ']', 200_000)}}`],
    ['a whole document nested 200,000 deep', deep('[', ']', 200_000)],
  ];

  it.each(cases)('%s is a did-invalid problem on that file, and the rest is still reported', async (_name, doc) => {
    const path = join(dir, `deep-${_name.replace(/\W+/g, '-')}.idbox`);
    writeFileSync(path, await archiveWith(fx.seeded, { [didPath]: Buffer.from(doc) }));
    const r = await inspectPath(path);
    expect(r.status).toBe('corrupt');
    expect(r.problems.filter((p) => p.code === 'did-invalid').every((p) => p.path === didPath)).toBe(true);
    expect(r.problems.some((p) => p.code === 'did-invalid')).toBe(true);
    expect(r.files.length).toBeGreaterThan(3);
    expect(r.pems.length).toBe(2);
  });

  it('idbox inspect exits 1 (checked, not ok), not 70, and a scan lists every archive', async () => {
    const folder = join(dir, 'scan');
    mkdirSync(folder);
    writeFileSync(join(folder, 'deep.idbox'), await archiveWith(fx.seeded, { [didPath]: Buffer.from(`{"id":${deep('[', ']', 200_000)}}`) }));
    writeFileSync(join(folder, 'good.idbox'), readFileSync(fx.good));
    writeFileSync(join(folder, 'junk.idbox'), 'not an archive');
    const c = captureIO();
    expect(await main(['inspect', join(folder, 'deep.idbox')], c.io)).toBe(1);
    const scan = await inspectHandlers({} as never)['inspect.scan']({ operationId: 'scan-1', directory: folder }, ctx);
    expect(scan.items.map((i) => [i.path.split('/').pop(), i.status]).sort()).toEqual([
      ['deep.idbox', 'corrupt'],
      ['good.idbox', 'ok'],
      ['junk.idbox', 'invalid'],
    ]);
  });
});

describe('full backup ids in reports (defect 7)', () => {
  it('no report format, printed or saved, contains the full id of a raw box folder', async () => {
    const id = fx.seeded.backupId;
    const outputs: string[] = [];
    for (const flags of [[], ['--json'], ['--html']]) {
      const c = captureIO();
      await main(['inspect', fx.seeded.folder, ...flags], c.io);
      outputs.push(c.out.join('\n') + c.err.join('\n'));
    }
    // Also a missing file inside a folder named by the id, and a sibling file named by the id.
    const inside = join(dir, 'box', id, 'nothing-here');
    const c = captureIO();
    await main(['inspect', inside, `${fx.seeded.folder}.bak`, '--json'], c.io);
    outputs.push(c.out.join('\n') + c.err.join('\n'));

    const handlers = inspectHandlers({} as never);
    const { report } = await handlers['inspect.path']({ path: fx.seeded.folder }, ctx);
    expect(report.path).toContain(`${id.slice(0, 8)}…`);
    // The renderer may send back a report with the full id in it: saving still shortens it.
    const leaky: Report = { ...report, path: fx.seeded.folder, problems: [{ code: 'incomplete', message: `see ${id}`, path: `${id}/backup` }] };
    for (const format of ['json', 'text', 'html'] as const) {
      const saved = join(dir, `report-${format}`);
      await handlers['inspect.saveReport']({ report: leaky, format, path: saved }, ctx);
      outputs.push(readFileSync(saved, 'utf8'));
      // A report names the archive's files and box: readable by this user only.
      expect(statSync(saved).mode & 0o777).toBe(0o600);
    }
    for (const out of outputs) {
      expect(out.length).toBeGreaterThan(50);
      expect(out).not.toContain(id);
    }
  });
});

describe('terminal escapes in text output (defect 10)', () => {
  const evil = '\u001b[2K\r\u001b[1A  Status:      OK — Complete and intact\u009b31m\u202e';

  it('a corrupt archive whose manifest carries escapes still reads CORRUPT, with every escape made visible', async () => {
    const path = join(dir, 'escapes.idbox');
    const bytes = await archiveWith(fx.seeded, { [didPath]: Buffer.from('{"id":"x"}') }, { app: { name: evil, version: evil.slice(0, 50) }, source: { box: `http://x/${evil}` } });
    writeFileSync(path, bytes);
    for (const flags of [[], ['--json'], ['--html']]) {
      const c = captureIO();
      expect(await main(['inspect', path, ...flags], c.io)).toBe(1);
      const out = c.out.join('\n');
      // eslint-disable-next-line no-control-regex -- looking for control characters is the point
      expect(out).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
      if (!flags.length) {
        expect(out).toContain('Status:      CORRUPT');
        expect(out.split('\n').filter((l) => /^\s*Status:/.test(l))).toHaveLength(1);
        expect(out).toContain('\\u001b[2K');
      }
      if (flags[0] === '--json') expect((JSON.parse(out) as Report[])[0]!.sourceBox).toBe(`http://x/${evil}`);
    }
  });

  it('verify prints a hostile file name on one line, escaped', async () => {
    const folder = join(dir, 'names');
    mkdirSync(folder);
    writeFileSync(join(folder, `a\u001b[32m\nOK   fake.idbox`), 'junk');
    const c = captureIO();
    expect(await main(['verify', folder], c.io)).toBe(1);
    const lines = c.out.join('\n').split('\n');
    expect(lines.filter((l) => l.startsWith('OK'))).toEqual([]);
    expect(lines[0]).toMatch(/^BAD .*a\\u001b\[32m\\u000aOK {3}fake\.idbox: /);
  });
});
