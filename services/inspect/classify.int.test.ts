import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../cli/main';
import type { Report } from '../../shared/inspect/report';
import { captureIO } from '../../tests/helpers/assert';
import { classifyPath } from './classify';
import { makeFixtures, removeFixtures, type FixtureSet } from './fixtures';
import { inspectPath, NO_SUCH_PATH } from './inspect';

const dir = mkdtempSync(join(tmpdir(), 'idbox-classify-'));
let fx: FixtureSet;
let stick: string;
beforeAll(async () => {
  fx = await makeFixtures(join(dir, 'fx'));
  stick = join(dir, 'STICK');
  mkdirSync(stick);
  copyFileSync(fx.good, join(stick, 'idbox-good.idbox'));
  copyFileSync(fx.damaged['flipped-pem'], join(stick, 'idbox-flipped.idbox'));
});
afterAll(() => removeFixtures(dir));

describe('inspecting something that is not an archive', () => {
  it('a short text file is "not an Identity Box archive", not an archive cut short', async () => {
    const note = join(dir, 'note.txt');
    writeFileSync(note, 'hello');
    const r = await inspectPath(note);
    expect(r.status).toBe('invalid');
    expect(r.problems).toEqual([expect.objectContaining({ code: 'not-an-archive', message: expect.stringMatching(/^This is not an Identity Box archive/) })]);
    const big = join(dir, 'photo.jpg');
    writeFileSync(big, Buffer.alloc(5000, 0xff));
    expect((await inspectPath(big)).problems[0]?.code).toBe('not-an-archive');
  });

  it('a real archive cut short is still called cut short: that is what happened to it', async () => {
    const r = await inspectPath(fx.damaged.truncated);
    expect(r.problems[0]?.code).toBe('archive-structure');
    expect(r.problems[0]?.message).toMatch(/cut short/);
  });

  it('a path with nothing at it says so in those words', async () => {
    const r = await inspectPath(join(dir, 'nope.idbox'));
    expect(r.problems[0]?.message).toBe(NO_SUCH_PATH);
    expect(await classifyPath(join(dir, 'nope.idbox'))).toBe('missing');
  });

  it('tells a folder of archives from a raw backup folder and a file', async () => {
    expect(await classifyPath(stick)).toBe('archive-folder');
    expect(await classifyPath(fx.seeded.folder)).toBe('backup-folder');
    expect(await classifyPath(fx.good)).toBe('file');
    mkdirSync(join(dir, 'empty'));
    expect(await classifyPath(join(dir, 'empty'))).toBe('folder');
  });

  it('idbox inspect on a folder of archives reports each archive, not the folder as a broken backup', async () => {
    const c = captureIO();
    expect(await main(['inspect', stick, '--json'], c.io)).toBe(1);
    const reports = JSON.parse(c.out.join('')) as Report[];
    expect(reports.map((r) => [basename(r.path), r.kind, r.status])).toEqual([
      ['idbox-flipped.idbox', 'archive', 'corrupt'],
      ['idbox-good.idbox', 'archive', 'ok'],
    ]);
  });
});
