import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures, removeFixtures, type FixtureSet } from '../../services/inspect/fixtures';
import { setQuiet } from '../../services/log';
import { captureIO } from '../../tests/helpers/assert';
import { main } from '../main';

// Support staff read `idbox inspect` top down: what is wrong comes right after the status, not
// after a table of every file (review 2026-12-07, minor "CLI").
setQuiet(true);
const dir = mkdtempSync(join(tmpdir(), 'idbox-inspect-order-'));
let fx: FixtureSet;
beforeAll(async () => {
  fx = await makeFixtures(dir);
});
afterAll(() => removeFixtures(dir));

describe('idbox inspect (text)', () => {
  it('prints the problems right after the status line, the per-file table after them', async () => {
    const c = captureIO();
    expect(await main(['inspect', fx.damaged['flipped-pem']], c.io)).toBe(1);
    const lines = c.out.join('').split('\n');
    const status = lines.findIndex((l) => l.trim().startsWith('Status:'));
    const problems = lines.flatMap((l, i) => (/^\s+Problem \[/.test(l) ? [i] : []));
    const files = lines.flatMap((l, i) => (/^\s+(ok |BAD) /.test(l) ? [i] : []));
    expect(status).toBeGreaterThanOrEqual(0);
    expect(problems.length).toBeGreaterThan(0);
    expect(files.length).toBeGreaterThan(0);
    expect(problems[0], 'the first problem follows the status line').toBe(status + 1);
    expect(Math.max(...problems), 'every problem comes before the file table').toBeLessThan(Math.min(...files));
  }, 60_000);

  it('says "no problems" after the status of a good archive', async () => {
    const c = captureIO();
    expect(await main(['inspect', fx.good], c.io)).toBe(0);
    const lines = c.out.join('').split('\n');
    const status = lines.findIndex((l) => l.trim().startsWith('Status:'));
    expect(lines[status + 1]?.trim()).toBe('Problems:    none');
  }, 60_000);
});
