import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setQuiet } from '../log';
import { createDemoBox, readDemoBackupId } from './demo';
import { referenceDemoKit } from '../../box/demo-kit';

setQuiet(true);
const dirs: string[] = [];
const stops: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const s of stops) await s();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'idbox-demo-'));
  dirs.push(d);
  return d;
};

describe('the demo box', () => {
  it('started several times at once: one demo box, one demo backup, the same words for everyone', async () => {
    const dir = dataDir();
    const demo = createDemoBox(dir, referenceDemoKit);
    stops.push(() => demo.stop());
    const results = await Promise.all(Array.from({ length: 5 }, () => demo.start()));
    expect(new Set(results.map((r) => r.url)).size).toBe(1);
    expect(new Set(results.map((r) => r.mnemonic)).size).toBe(1);
    expect(readdirSync(join(dir, 'demo-box', 'backups'))).toHaveLength(1);
    // Started again later: still that box.
    expect((await demo.start()).url).toBe(results[0]!.url);
  });

  it('two app processes on one data folder (two demo objects) seed one demo backup', async () => {
    const dir = dataDir();
    const a = createDemoBox(dir, referenceDemoKit);
    const b = createDemoBox(dir, referenceDemoKit);
    stops.push(() => a.stop(), () => b.stop());
    const [ra, rb] = await Promise.all([a.start(), b.start()]);
    expect(ra.mnemonic).toBe(rb.mnemonic);
    expect(readdirSync(join(dir, 'demo-box', 'backups'))).toHaveLength(1);
  });

  it('a damaged state file does not stop the demo from starting: a fresh demo backup replaces it', async () => {
    const dir = dataDir();
    const first = createDemoBox(dir, referenceDemoKit);
    await first.start();
    await first.stop();
    writeFileSync(join(dir, 'demo-box', 'demo.json'), '{"version":1,"mnem'); // cut short, as a crash could leave it
    const again = createDemoBox(dir, referenceDemoKit);
    stops.push(() => again.stop());
    const started = await again.start();
    expect(started.mnemonic.split(' ')).toHaveLength(24);
    expect(JSON.parse(readFileSync(join(dir, 'demo-box', 'demo.json'), 'utf8'))).toMatchObject({ version: 1, mnemonic: started.mnemonic });
    expect(await readDemoBackupId(dir)).not.toBeNull();
    expect(readdirSync(join(dir, 'demo-box', 'backups'))).toHaveLength(1);
    // Written atomically: no temporary file is left beside it.
    expect(readdirSync(join(dir, 'demo-box')).filter((n) => n.endsWith('.tmp'))).toEqual([]);
  });
});
