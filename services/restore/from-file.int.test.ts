import { randomBytes } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { recipientFromMnemonic } from '../../shared/archive/seal-key';
import { AppError } from '../../shared/errors';
import { main } from '../../cli/main';
import { captureIO, folderSnapshot } from '../../tests/helpers/assert';
import { readArchive } from '../archive/format';
import { createCatalog } from '../archive/catalog';
import { pullToArchive } from '../archive/pull';
import { setQuiet } from '../log';
import { ARCHIVE_CHANGED } from './archive-source';
import { loadArchive, restoreToBox } from './restore';

/**
 * A restore reads each piece of the backup from the archive file when it sends it (it does not
 * hold the backup in memory). So what it sends must still be what its check read: an archive that
 * changes on its stick between the check and the upload (copied over, a failing stick) is caught
 * before the box saves anything, and the box keeps the copy it had. Sealed archives (format 2)
 * restore the same way, their key files opened as they are sent.
 */
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-restore-file-'));
let seeded: SeededBackup;
let source: ReferenceBox;
let target: ReferenceBox;
const targetData = join(root, 'target');

async function pulled(name: string, recipient: string | null): Promise<string> {
  const dest = join(root, name);
  mkdirSync(dest);
  const r = await pullToArchive({ boxUrl: source.url, backupId: seeded.backupId, destination: dest, appName: 't', appVersion: '0', catalog: createCatalog(join(root, `app-${name}`)), retention: 10, recipient });
  return r.path;
}

beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 3, peers: 2, fastKeys: true });
  source = await startReferenceBox({ dataDir: join(root, 'box') });
  target = await startReferenceBox({ dataDir: targetData });
});
afterAll(async () => {
  await source.close();
  await target.close();
  rmSync(root, { recursive: true, force: true });
});

describe('restore reads the archive file as it sends it', () => {
  it('a sealed archive (format 2) restores byte for byte with the words, each key file opened as it is sent', async () => {
    const archive = await pulled('sealed', recipientFromMnemonic(seeded.mnemonic));
    const words = join(root, 'words.txt');
    writeFileSync(words, seeded.mnemonic, { mode: 0o600 });
    const c = captureIO();
    expect(await main(['restore', archive, '--box', target.url, '--mnemonic-file', words, '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out.join(''))).toMatchObject({ ok: true, outcome: 'restored', identities: { own: 3 } });
    expect(folderSnapshot(join(targetData, seeded.backupId))).toEqual(folderSnapshot(seeded.folder));
    rmSync(join(targetData, seeded.backupId), { recursive: true });
  });

  it('an archive changed on its disk after its check is refused before the box saves it, and the box keeps what it had', async () => {
    // A bundle of some megabytes: the upload is several calls, the change near its end.
    const big = randomBytes(3e6).toString('base64url');
    writeFileSync(join(seeded.folder, 'backup'), big);
    const archive = await pulled('changed', null);
    const bundle = (await readArchive(archive)).members.find((m) => m.path === 'backup')!;
    // What the box had before: an older copy of this backup.
    const older = join(targetData, seeded.backupId);
    cpSync(seeded.folder, older, { recursive: true });
    writeFileSync(join(older, 'backup'), 'an older bundle');
    const before = folderSnapshot(targetData);
    let changedIt = false;
    const err = await restoreToBox({
      archivePath: archive,
      boxUrl: target.url,
      backupId: seeded.backupId,
      replace: true,
      onProgress: (stage) => {
        if (stage !== 'uploading' || changedIt) return;
        changedIt = true;
        // One byte near the end of the bundle, in place, after the check read it intact.
        const at = bundle.offset! + bundle.size - 10;
        const fd = openSync(archive, 'r+');
        const b = Buffer.alloc(1);
        readSync(fd, b, 0, 1, at);
        writeSync(fd, Buffer.from([b[0] === 0x41 ? 0x42 : 0x41]), 0, 1, at);
        closeSync(fd);
      },
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(changedIt).toBe(true);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).message).toBe(ARCHIVE_CHANGED);
    // Nothing saved, nothing staged left behind: the box's folder is byte for byte as before.
    expect(folderSnapshot(targetData)).toEqual(before);
  });

  it('an archive whose stick is pulled out after it was checked is said to be gone (not "something went wrong inside the app"), and the box keeps what it had', async () => {
    const archive = await pulled('pulled-out', null);
    // Checked (the Restore screen reads it when it is chosen), then the stick goes.
    const loaded = await loadArchive(archive);
    rmSync(archive);
    const before = folderSnapshot(targetData);
    const err = await restoreToBox({ archivePath: archive, archive: loaded, boxUrl: target.url, backupId: seeded.backupId, replace: true }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 'archive-unreadable',
      message: 'The archive file is not there any more (was its stick pulled out?), so the upload was stopped and the box was left as it was. Plug it in again, then restore again.',
    });
    expect(folderSnapshot(targetData)).toEqual(before);
  });
});

