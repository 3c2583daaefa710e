import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { checkFolder, createFolder } from './check';
import { listFolder } from './list';

let home: string;
let outside: string;
const savedHome = process.env.HOME;

beforeAll(() => {
  home = realpathSync(mkdtempSync(join(tmpdir(), 'idbox-home-')));
  outside = realpathSync(mkdtempSync(join(tmpdir(), 'idbox-outside-')));
  process.env.HOME = home;
  mkdirSync(join(home, 'Backups', 'Old'), { recursive: true });
  writeFileSync(join(home, 'Backups', 'idbox-a.idbox'), 'x');
  writeFileSync(join(home, 'Backups', 'notes.txt'), 'x');
  writeFileSync(join(home, 'Backups', '.hidden.idbox'), 'x');
  symlinkSync(outside, join(home, 'Backups', 'away'));
});
afterAll(() => {
  process.env.HOME = savedHome;
  rmSync(home, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('the path rule, on this computer', () => {
  it('~/Backups is the Backups folder in the home folder, ready to use', async () => {
    expect(await checkFolder('~/Backups')).toEqual({ path: join(home, 'Backups'), state: 'ready', sentence: null, canCreate: false });
  });

  it('a relative path is refused with a sentence, never resolved against the folder the app started in', async () => {
    const r = await checkFolder('Backups');
    expect(r.state).toBe('not-a-full-path');
    expect(r.sentence).toMatch(/is not a full path/);
  });

  it('a missing folder is said at once and offered to be created; creating it makes it ready', async () => {
    const r = await checkFolder('~/New/Archives');
    expect(r).toMatchObject({ state: 'missing', canCreate: true, path: join(home, 'New', 'Archives') });
    expect(r.sentence).toBe(`There is no folder "${join(home, 'New', 'Archives')}" yet. The app can create it for you.`);
    expect(r.sentence).not.toMatch(/stick/i);
    expect(await createFolder('~/New/Archives')).toMatchObject({ state: 'ready' });
  });

  it('/proc and /sys are refused as the system\'s workings, not a disk, even below them', async () => {
    for (const p of ['/proc', '/proc/self', '/sys', '/proc/nothing-here']) {
      const r = await checkFolder(p);
      expect(r.state, p).toBe('not-a-disk');
      expect(r.canCreate).toBe(false);
    }
    expect((await createFolder('/proc/nothing-here')).state).toBe('not-a-disk');
  });

  it('a file is not a folder', async () => {
    expect((await checkFolder('~/Backups/notes.txt')).state).toBe('not-a-folder');
  });
});

describe('the folder browser', () => {
  it('lists sub-folders then archives, leaves out other and hidden files, and starts at the home folder', async () => {
    const top = await listFolder(null);
    expect(top.directory).toBe(home);
    expect(top.parent).toBeNull();
    const r = await listFolder(join(home, 'Backups'));
    expect(r.entries.map((e) => `${e.kind}:${e.name}`)).toEqual(['folder:Old', 'archive:idbox-a.idbox']);
    expect(r.parent).toBe(home);
    expect(r.places[0]).toEqual({ label: 'Home folder', path: home });
  });

  it('does not go outside the home folder and mounted volumes, not even through a link', async () => {
    await expect(listFolder(outside)).rejects.toMatchObject({ code: 'permission-denied' });
    await expect(listFolder(join(home, 'Backups', 'away'))).rejects.toBeInstanceOf(AppError);
    await expect(listFolder('/etc')).rejects.toMatchObject({ code: 'permission-denied' });
  });
});
