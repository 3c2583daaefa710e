import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loopUnavailable, makeLoopFs } from '../../tests/helpers/loop';
import { setQuiet } from '../log';
import { buildArchive, verifyArchive } from './format';
import { cleanupPartials, writeArchiveDurably } from './write';
import { codeOf } from '../../tests/helpers/assert';

setQuiet(true);
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));
const backupId = `${'Zz09_-'.repeat(14)}AA`;

async function archiveBytes(size: number, seed = 1): Promise<Buffer> {
  const body = Buffer.alloc(size, seed);
  const sha = createHash('sha256').update(body).digest('hex');
  return buildArchive(
    {
      format: 'idbox-archive',
      formatVersion: 1,
      createdAt: new Date(Date.UTC(2026, 10, 24, 10, 0, seed)).toISOString(),
      app: { name: 'test', version: '0' },
      source: { box: null },
      backupId,
      files: [{ path: 'backup', size, sha256: sha }],
    },
    new Map([['backup', body]]),
  );
}


const finals = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.idbox'));

describe('durable archive writes (temp folder)', () => {
  it('writes, syncs, verifies and never overwrites', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idbox-write-'));
    dirs.push(dir);
    const data = await archiveBytes(5000);
    const a = await writeArchiveDurably(dir, 'idbox-ZZZZZZZZ-20261124T100000Z.idbox', data);
    const b = await writeArchiveDurably(dir, 'idbox-ZZZZZZZZ-20261124T100000Z.idbox', data);
    expect(a.fileName).toBe('idbox-ZZZZZZZZ-20261124T100000Z.idbox');
    expect(b.fileName).toBe('idbox-ZZZZZZZZ-20261124T100000Z-1.idbox');
    expect(readFileSync(a.path)).toEqual(data);
    expect(readdirSync(dir).filter((n) => n.startsWith('.'))).toEqual([]);
    console.log(`read-back bypassed the page cache: ${a.cacheBypassed} (filesystem ${a.filesystem})`);
  });

  it('says destination-missing for a folder that is not there', async () => {
    expect(await codeOf(writeArchiveDurably('/nonexistent/stick', 'x.idbox', await archiveBytes(10)))).toBe('destination-missing');
  });

  it('leaves only complete, verified archives when the writer is killed at random points', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idbox-kill-'));
    dirs.push(dir);
    const script = join(dir, '..', `writer-${process.pid}.mts`);
    const here = new URL('.', import.meta.url).pathname;
    writeFileSync(
      script,
      `import { writeArchiveDurably } from '${here}write.ts';\nimport { readFileSync } from 'node:fs';\n` +
        `const data = readFileSync(process.argv[2]);\nprocess.stdout.write('ready\\n');\nfor (let i = 0; i < 100000; i++) await writeArchiveDurably(process.argv[3], \`idbox-ZZZZZZZZ-2026112\${process.argv[4]}T\${String(i).padStart(6, '0')}Z.idbox\`, data);\n`,
    );
    const source = join(dir, '..', `source-${process.pid}.bin`);
    writeFileSync(source, await archiveBytes(3 * 1024 * 1024));
    const dest = join(dir, 'dest');
    (await import('node:fs')).mkdirSync(dest);
    for (let round = 0; round < 5; round++) {
      const child = spawn(process.execPath, ['--import', 'tsx', script, source, dest, String(round)], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, IDBOX_LOG: 'silent' } });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
      // Kill at a random point of the writing itself, not of the start-up (which a busy machine makes slow).
      await new Promise<void>((r) => {
        child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && r());
        void exited.then(() => r());
      });
      await new Promise((r) => setTimeout(r, 700 + Math.floor(Math.random() * 900)));
      expect(child.exitCode, `the writer must still be running when killed: ${stderr}`).toBeNull();
      child.kill('SIGKILL');
      await exited;
      for (const name of finals(dest)) await verifyArchive(join(dest, name)); // every final name is complete
    }
    expect(finals(dest).length).toBeGreaterThan(0);
    // The killed writers' files are no longer locked; seen as old enough, they go.
    await cleanupPartials(dest, { olderThanMs: 0 });
    expect(readdirSync(dest).filter((n) => n.startsWith('.idbox-partial-'))).toEqual([]);
    rmSync(script);
    rmSync(source);
  }, 60_000);
});

const loopReason = loopUnavailable();
if (loopReason) console.log(`loop-device tests skipped: ${loopReason}`);

describe.skipIf(loopReason !== null)('durable archive writes on real small disks (loop-mounted ext4)', () => {
  it('a full disk (ENOSPC) keeps earlier archives and leaves no partial file', async () => {
    const disk = makeLoopFs(4096);
    try {
      const first = await writeArchiveDurably(disk.mountPoint, 'idbox-ZZZZZZZZ-20261124T100001Z.idbox', await archiveBytes(100_000, 1));
      let filled = false;
      // Something else fills the stick while we write: the write itself must meet ENOSPC.
      const code = await codeOf(
        writeArchiveDurably(disk.mountPoint, 'idbox-ZZZZZZZZ-20261124T100002Z.idbox', await archiveBytes(1024 * 1024, 2), {
          onProgress: (stage) => {
            if (stage !== 'writing') return;
            filled = true;
            // Top the disk up after every piece we write, so the next piece meets a full disk.
            for (let i = 0; i < 64; i++) {
              try {
                appendFileSync(join(disk.mountPoint, `filler-${i}`), Buffer.alloc(256 * 1024));
              } catch {
                break; // full
              }
            }
          },
        }),
      );
      expect(filled).toBe(true);
      expect(code).toBe('destination-full');
      expect(finals(disk.mountPoint)).toEqual([first.fileName]);
      await verifyArchive(first.path);
      expect(readdirSync(disk.mountPoint).filter((n) => n.startsWith('.idbox-partial-'))).toEqual([]);
    } finally {
      disk.cleanup();
    }
  });

  it('a read-only stick says destination-read-only and keeps earlier archives', async () => {
    const disk = makeLoopFs(2048);
    try {
      const first = await writeArchiveDurably(disk.mountPoint, 'idbox-ZZZZZZZZ-20261124T100001Z.idbox', await archiveBytes(10_000, 1));
      disk.remountReadOnly();
      expect(await codeOf(writeArchiveDurably(disk.mountPoint, 'idbox-ZZZZZZZZ-20261124T100002Z.idbox', await archiveBytes(10_000, 2)))).toBe('destination-read-only');
      expect(finals(disk.mountPoint)).toEqual([first.fileName]);
      await verifyArchive(first.path);
    } finally {
      disk.cleanup();
    }
  });

  it('a stick pulled mid-write gives a plain error, never a half archive under a final name', async () => {
    const disk = makeLoopFs(8192);
    try {
      const data = await archiveBytes(4 * 1024 * 1024, 3);
      const pending = codeOf(
        writeArchiveDurably(disk.mountPoint, 'idbox-ZZZZZZZZ-20261124T100003Z.idbox', data, {
          onProgress: (stage, done) => {
            if (stage === 'writing' && done > 1024 * 1024 && done < 1.3 * 1024 * 1024) disk.lazyUnmount();
          },
        }),
      );
      const code = await pending;
      // After a lazy unmount the open file still works, so the write may even complete on the
      // detached filesystem; what must never happen is a crash or a half file under a final name.
      expect(['ok', 'destination-removed', 'write-failed', 'verify-failed', 'destination-missing']).toContain(code);
      console.log(`lazy unmount mid-write ended with: ${code}`);
      expect(finals(disk.mountPoint)).toEqual([]);
    } finally {
      disk.cleanup();
    }
  });
});
