import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { main } from '../../cli/main';
import { captureIO, codeOf } from '../../tests/helpers/assert';
import { inspectPath } from '../inspect/inspect';
import { setQuiet } from '../log';
import { loadArchive } from '../restore/restore';
import { readBackupFolder } from './folder';
import { readArchive } from './format';
import { NOT_A_FILE } from './plain-path';

// Devices, FIFOs and links: refused at once with a sentence, never opened or followed.
setQuiet(true);
const dir = mkdtempSync(join(tmpdir(), 'idbox-odd-'));
let seeded: SeededBackup;
const fifo = (name: string) => {
  const p = join(dir, name);
  execFileSync('mkfifo', [p]);
  return p;
};
// A block device: the loop devices exist on this machine (and CI); /dev/zero is a character device.
const blockDevice = readdirSync('/dev').filter((n) => /^loop\d+$/.test(n)).map((n) => `/dev/${n}`)[0] ?? '/dev/loop0';
beforeAll(async () => {
  seeded = await seedBackup(join(dir, 'box'), { identities: 1, fastKeys: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('paths that are not files or folders (defect 9)', () => {
  it.each([
    ['/dev/zero', () => '/dev/zero'],
    ['a block device', () => blockDevice],
    ['a FIFO', () => fifo('archive.idbox')],
    ['a link to /dev/zero', () => {
      const p = join(dir, 'zero-link.idbox');
      symlinkSync('/dev/zero', p);
      return p;
    }],
  ])('inspect, verify and the restore check refuse %s at once, with a sentence', async (_name, make) => {
    const path = make();
    const started = Date.now();
    const report = await inspectPath(path);
    expect(report.status).toBe('invalid');
    expect(report.problems[0]).toMatchObject({ code: 'not-an-archive', message: NOT_A_FILE });
    expect(await codeOf(loadArchive(path))).toBe('archive-invalid');
    expect(await codeOf(readArchive(path, { batch: true }))).toBe('archive-invalid');
    const c = captureIO();
    expect(await main(['verify', path], c.io)).toBe(1);
    expect(c.out[0]).toContain(NOT_A_FILE);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('many FIFOs at once do not stall other file calls', async () => {
    const fifos = Array.from({ length: 8 }, (_, i) => fifo(`stall-${i}.idbox`));
    const plain = join(dir, 'plain.txt');
    writeFileSync(plain, 'still readable');
    const started = Date.now();
    const results = await Promise.all([...fifos.map((f) => inspectPath(f)), readFile(plain, 'utf8')]);
    expect(results.at(-1)).toBe('still readable');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('a words file that is a device or a FIFO is refused, not read', async () => {
    for (const words of ['/dev/zero', fifo('words.txt')]) {
      const c = captureIO();
      expect(await main(['inspect', join(dir, 'box'), '--mnemonic-file', words], c.io)).toBe(4);
      expect(c.err.join('\n')).toMatch(/cannot be read: it is not a small plain file/);
    }
  });
});

describe('links inside a raw backup folder are never followed (defect 9)', () => {
  it('inspect does not quote, and pack does not copy, a file outside the folder', async () => {
    const folder = join(dir, 'linked', seeded.backupId);
    cpSync(seeded.folder, folder, { recursive: true });
    const secret = join(dir, 'outside-secret.pem');
    writeFileSync(secret, 'OUTSIDE-THE-BACKUP-FOLDER');
    symlinkSync(secret, join(folder, 'stolen.pem'));
    symlinkSync('/dev/zero', join(folder, 'zero.pem'));
    execFileSync('mkfifo', [join(folder, 'pipe.pem')]);
    symlinkSync(join(dir, 'box'), join(folder, 'did-docs', 'QmLinkedLinkedLinked'));

    const read = await readBackupFolder(folder);
    expect(read.files.map((f) => f.path)).not.toEqual(expect.arrayContaining(['stolen.pem']));
    expect(read.ignored.sort()).toEqual(['did-docs/QmLinkedLinkedLinked', 'pipe.pem', 'stolen.pem', 'zero.pem']);

    const c = captureIO();
    await main(['inspect', folder, '--json'], c.io);
    expect(c.out.join('')).not.toContain('stolen.pem');

    const out = join(dir, 'packed.idbox');
    const p = captureIO();
    expect(await main(['pack', folder, '-o', out], p.io)).toBe(0);
    expect(readFileSync(out).includes('OUTSIDE-THE-BACKUP-FOLDER')).toBe(false);
    expect((await readArchive(out)).members.map((m) => m.path)).not.toContain('stolen.pem');
  });
});
