import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { setQuiet } from '../log';
import type { AppError } from '../../shared/errors';
import { createCatalog } from './catalog';
import { pullToArchive } from './pull';

/**
 * The app's data folder on a tiny, full disk (a tmpfs, mounted as root): `idbox pull` writes and
 * verifies the archive, cannot record it, and says exactly that (where it is, that it is verified,
 * that the app will pick it up), with its own exit status; no temporary file is left in the data
 * folder, however often it is retried; and the next start adopts every such archive.
 */
setQuiet(true);
const repo = new URL('../..', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'idbox-unrecorded-'));
const data = join(root, 'data');
let box: ReferenceBox;
let seeded: SeededBackup;
let mounted = false;

function tmpfsUnavailable(): string | null {
  if (process.platform !== 'linux') return 'a tmpfs needs Linux';
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root';
  return null;
}

beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 1, fastKeys: true });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
});
afterAll(async () => {
  await box.close();
  if (mounted) execFileSync('umount', ['-l', data]);
  rmSync(root, { recursive: true, force: true });
});

function pull(to: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [join(repo, 'bin/idbox.mjs'), 'pull', '--box', box.url, '--backup-id', seeded.backupId, '--to', to], {
    cwd: repo,
    env: { ...process.env, IDBOX_DATA_DIR: data },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('a verified archive the catalog could not record', () => {
  it('the data folder on a full tmpfs: reported as exactly that, no temp file left, adopted at the next start', async (t) => {
    const why = tmpfsUnavailable();
    if (why) {
      console.log(`skipped: ${why}`);
      return t.skip(why);
    }
    mkdirSync(data);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', data]);
    mounted = true;
    const to = join(root, 'Backups');
    mkdirSync(to);
    // A first archive, recorded while there was room.
    const first = await pull(to);
    expect(first.code, first.stderr).toBe(0);
    // Then the disk fills up.
    try {
      writeFileSync(join(data, 'filler'), Buffer.alloc(1024 * 1024));
    } catch {
      /* full: that is the point */
    }
    // Every file in the data folder; a note about an unrecorded archive is welcome, a temp file is not.
    const files = () => (readdirSync(data, { recursive: true }) as string[]).filter((n) => n !== 'unrecorded' && !/^unrecorded\/[0-9a-f]{32}\.json$/.test(n)).sort();
    const before = files();

    for (let attempt = 0; attempt < 2; attempt++) {
      const r = await pull(to);
      expect(r.code, r.stderr).toBe(6);
      expect(r.stderr).not.toMatch(/Nothing was changed|Something unexpected/);
      expect(r.stderr).toMatch(/was written and verified, but it could not be added to the app's list of archives because the disk holding the app's data folder is full/);
      expect(r.stderr).toMatch(/it is safe where it is/);
      expect(r.stderr).toContain(to);
      // No temporary file in the data folder, however often it is retried.
      expect(files()).toEqual(before);
    }
    const archives = readdirSync(to).filter((n) => n.endsWith('.idbox'));
    expect(archives).toHaveLength(3);
    expect((await createCatalog(data).list()).map((e) => e.fileName)).toHaveLength(1);

    // Room again; the next start adopts both verified archives.
    rmSync(join(data, 'filler'), { force: true });
    const adopted = await createCatalog(data).adoptUnrecorded([to]);
    expect(adopted).toBe(2);
    expect((await createCatalog(data).list()).map((e) => e.fileName).sort()).toEqual(archives.sort());
    expect(readdirSync(to).filter((n) => !n.endsWith('.idbox'))).toEqual([]);
  });

  it("the list's lock file replaced by a folder: reported with the lock file named, noted, adopted once it is usable again", async () => {
    const app = join(root, 'app-lock');
    mkdirSync(join(app, 'catalog.json.lock'), { recursive: true });
    const to = join(root, 'Backups-lock');
    mkdirSync(to);
    const attempt = pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: to, appName: 't', appVersion: '0', catalog: createCatalog(app), retention: 10 });
    const err = await attempt.then(() => null, (e: unknown) => e as AppError);
    expect(err?.code).toBe('not-recorded');
    expect(err?.message).toContain(join(app, 'catalog.json.lock'));
    expect(err?.message).toMatch(/written and verified.*the app will add it to the list the next time it starts/);
    const [archive] = readdirSync(to).filter((n) => n.endsWith('.idbox'));
    expect(archive).toBeDefined();
    rmSync(join(app, 'catalog.json.lock'), { recursive: true });
    expect(await createCatalog(app).adoptUnrecorded([])).toBe(1);
    expect((await createCatalog(app).list()).map((e) => e.fileName)).toEqual([archive]);
  });
});
