import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { setQuiet } from '../log';
import { buildArchive } from './format';
import { cleanupPartials, PARTIAL_PREFIX, writeArchiveDurably } from './write';

setQuiet(true);
const repo = new URL('../..', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'idbox-partials-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const hourAgo = () => new Date(Date.now() - 60 * 60_000);

/** Another program in the middle of writing `path` (it holds the writer's lock). */
async function writerOf(path: string) {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'tests/helpers/hold-file-lock.ts'), path], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => d.toString().includes('held') && resolve());
    child.on('exit', (code) => reject(new Error(`writer exited ${code}`)));
  });
  return child;
}

describe('start-up clean-up of unfinished archive files', () => {
  it("never removes another running pull's file, however old it looks; once that pull is gone, it does", async () => {
    const folder = join(dir, 'busy');
    (await import('node:fs')).mkdirSync(folder);
    const partial = join(folder, `${PARTIAL_PREFIX}0123456789abcdef`);
    const child = await writerOf(partial);
    utimesSync(partial, hourAgo(), hourAgo()); // a slow stick: nothing written for a while
    expect(await cleanupPartials(folder)).toBe(0);
    expect(existsSync(partial)).toBe(true);
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(await cleanupPartials(folder)).toBe(1);
    expect(existsSync(partial)).toBe(false);
  });

  it('keeps a fresh unlocked file (a writer about to rename it, or one that crashed a moment ago) and removes old leftovers', async () => {
    const folder = join(dir, 'mixed');
    (await import('node:fs')).mkdirSync(folder);
    const fresh = join(folder, `${PARTIAL_PREFIX}fresh`);
    const old = join(folder, `${PARTIAL_PREFIX}old`);
    const notOurs = join(folder, 'holiday.jpg');
    for (const f of [fresh, old, notOurs]) writeFileSync(f, 'x');
    utimesSync(old, hourAgo(), hourAgo());
    utimesSync(notOurs, hourAgo(), hourAgo());
    expect(await cleanupPartials(folder)).toBe(1);
    expect(readdirSync(folder).sort()).toEqual([`${PARTIAL_PREFIX}fresh`, 'holiday.jpg']);
  });

  it('a pull writing while another program cleans the same folder still finishes its archive', async () => {
    const folder = join(dir, 'two-programs');
    (await import('node:fs')).mkdirSync(folder);
    const body = Buffer.alloc(8 * 1024 * 1024, 7);
    const data = await buildArchive(
      {
        format: 'idbox-archive',
        formatVersion: 1,
        createdAt: '2026-11-26T10:00:00.000Z',
        app: { name: 'test', version: '0' },
        source: { box: null },
        backupId: `${'Z'.repeat(85)}A`,
        files: [{ path: 'backup', size: body.length, sha256: createHash('sha256').update(body).digest('hex') }],
      },
      new Map([['backup', body]]),
    );
    const cleanups: Promise<number>[] = [];
    let seen = 0;
    const result = await writeArchiveDurably(folder, 'idbox-ZZZZZZZZ-20261126T100000Z.idbox', data, {
      onProgress: (stage) => {
        if (stage !== 'writing') return;
        // While the file is being written, everything another program's clean-up can see of it is old.
        const partials = readdirSync(folder).filter((x) => x.startsWith(PARTIAL_PREFIX));
        seen += partials.length;
        for (const n of partials) utimesSync(join(folder, n), hourAgo(), hourAgo());
        cleanups.push(cleanupPartials(folder));
      },
    });
    expect(result.fileName).toBe('idbox-ZZZZZZZZ-20261126T100000Z.idbox');
    expect(seen).toBeGreaterThan(3);
    expect(await Promise.all(cleanups)).toEqual(cleanups.map(() => 0));
  });
});
