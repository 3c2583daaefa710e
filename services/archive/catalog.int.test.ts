import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fakeCatalogEntry } from '../../tests/helpers/catalog-entry';
import { setQuiet } from '../log';
import { createCatalog } from './catalog';

setQuiet(true);
const repo = new URL('../..', import.meta.url).pathname;
const dataDir = mkdtempSync(join(tmpdir(), 'idbox-catalog-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** `idbox pull` in another process, recording `count` archives when told "go". */
async function otherProgram(count: number, tag: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'tests/helpers/record-catalog.ts'), dataDir, String(count), tag], {
    cwd: repo,
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  const seen = (word: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => out.includes(word) && resolve();
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        check();
      });
      child.on('exit', (code) => (out.includes(word) ? resolve() : reject(new Error(`recorder exited ${code}`))));
      check();
    });
  await seen('ready');
  return { go: () => child.stdin.write('go\n'), done: seen('done') };
}

describe('the catalog, written by several programs at once', () => {
  it('ten archives recorded at once by the app (manual pull and automation) and an idbox process give ten entries', async () => {
    const cli = await otherProgram(5, 'cli');
    // The app: its archive handler and its automation each hold a catalog object of the same folder.
    const manual = createCatalog(dataDir);
    const automation = createCatalog(dataDir);
    cli.go();
    await Promise.all([
      ...[0, 1, 2].map((i) => manual.record(fakeCatalogEntry(`manual-${i}`), 100)),
      ...[0, 1].map((i) => automation.record(fakeCatalogEntry(`auto-${i}`), 100)),
      cli.done,
    ]);
    const names = (await manual.list()).map((e) => e.fileName).sort();
    expect(names).toEqual([
      'auto-0.idbox', 'auto-1.idbox',
      'cli-0.idbox', 'cli-1.idbox', 'cli-2.idbox', 'cli-3.idbox', 'cli-4.idbox',
      'manual-0.idbox', 'manual-1.idbox', 'manual-2.idbox',
    ]);
  });
});
