import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { main } from '../../cli/main';
import { setQuiet } from '../log';
import { createCatalog } from '../archive/catalog';
import { pullToArchive } from '../archive/pull';
import { restoreToBox } from './restore';
import { captureIO, folderSnapshot } from '../../tests/helpers/assert';

setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-restore-'));
const boxData = join(root, 'box');
let box: ReferenceBox;
let seeded: SeededBackup;
let archive: string;
let wordsFile: string;



beforeAll(async () => {
  seeded = await seedBackup(boxData, { identities: 2, peers: 2, fastKeys: true });
  // Make the bundle big enough that the upload needs several calls (for the drop test).
  box = await startReferenceBox({ dataDir: boxData });
  mkdirSync(join(root, 'stick'));
  archive = (
    await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: join(root, 'stick'), appName: 't', appVersion: '0', catalog: createCatalog(join(root, 'app')), retention: 10 })
  ).path;
  wordsFile = join(root, 'words.txt');
  writeFileSync(wordsFile, seeded.mnemonic);
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

describe('restore to box', () => {
  it('after a re-flash (empty data folder) the box folder comes back byte for byte', async () => {
    const original = folderSnapshot(seeded.folder);
    rmSync(boxData, { recursive: true });
    mkdirSync(boxData);
    const c = captureIO();
    expect(await main(['restore', archive, '--box', box.url, '--mnemonic-file', wordsFile, '--json'], c.io)).toBe(0);
    expect(JSON.parse(c.out.join(''))).toMatchObject({ ok: true, outcome: 'restored', identities: { own: 2, peers: 2 } });
    expect(folderSnapshot(seeded.folder)).toEqual(original);
    // Again: nothing to do.
    const again = await restoreToBox({ archivePath: archive, boxUrl: box.url, backupId: seeded.backupId, replace: false });
    expect(again.outcome).toBe('already-there');
  });

  it('mismatching words change nothing and exit 3', async () => {
    const before = folderSnapshot(boxData);
    const other = await seedBackup(join(root, 'other'), { identities: 1, fastKeys: true });
    const f = join(root, 'other-words.txt');
    writeFileSync(f, other.mnemonic);
    const c = captureIO();
    expect(await main(['restore', archive, '--box', box.url, '--mnemonic-file', f], c.io)).toBe(3);
    expect(c.err.join('')).toMatch(/different backup/);
    expect(folderSnapshot(boxData)).toEqual(before);
  });

  it('a corrupted archive changes nothing and exit 4', async () => {
    const before = folderSnapshot(boxData);
    const bad = join(root, 'bad.idbox');
    const bytes = readFileSync(archive);
    bytes[bytes.length - 2000] = bytes[bytes.length - 2000]! ^ 0xff;
    writeFileSync(bad, bytes);
    const c = captureIO();
    expect(await main(['restore', bad, '--box', box.url, '--mnemonic-file', wordsFile], c.io)).toBe(4);
    expect(folderSnapshot(boxData)).toEqual(before);
  });

  it('a different copy on the box is refused without --replace, replaced with it', async () => {
    writeFileSync(join(seeded.folder, 'backup'), readFileSync(join(seeded.folder, 'backup'), 'utf8').slice(0, -4) + 'AAAA');
    const before = folderSnapshot(boxData);
    const c = captureIO();
    expect(await main(['restore', archive, '--box', box.url, '--mnemonic-file', wordsFile], c.io)).toBe(5);
    expect(c.err.join('')).toMatch(/different copy/);
    expect(folderSnapshot(boxData)).toEqual(before);
    const r = captureIO();
    expect(await main(['restore', archive, '--box', box.url, '--mnemonic-file', wordsFile, '--replace'], r.io)).toBe(0);
    expect(r.out.join('\n')).toMatch(/Restore from backup/);
  });

  it("the box's copy is compared by its digest: nothing is downloaded before the upload, only the read-back after it", async () => {
    const lines: string[] = [];
    const logged = await startReferenceBox({ dataDir: boxData, log: (l) => lines.push(l) });
    const exports = () => lines.filter((l) => l.includes('export-backup')).length;
    const comparing: number[] = [];
    const onProgress = (stage: string, done: number) => void (stage === 'comparing' && comparing.push(done));
    try {
      // The box holds exactly the archive's copy (the test above replaced it): nothing to do, nothing downloaded.
      await expect(restoreToBox({ archivePath: archive, boxUrl: logged.url, backupId: seeded.backupId, replace: false, onProgress })).resolves.toMatchObject({ outcome: 'already-there' });
      expect(exports()).toBe(0);
      // The phone changed the backup since: refused without replace, still without a download.
      const before = folderSnapshot(boxData);
      writeFileSync(join(seeded.folder, 'backup'), readFileSync(join(seeded.folder, 'backup'), 'utf8').slice(0, -4) + 'BBBB');
      await expect(restoreToBox({ archivePath: archive, boxUrl: logged.url, backupId: seeded.backupId, replace: false, onProgress })).rejects.toMatchObject({ code: 'backup-exists-different' });
      expect(exports()).toBe(0);
      expect(folderSnapshot(boxData)).not.toEqual(before);
      // Replaced: the one download is the read-back that proves the box has the archive's copy.
      await expect(restoreToBox({ archivePath: archive, boxUrl: logged.url, backupId: seeded.backupId, replace: true, onProgress })).resolves.toMatchObject({ outcome: 'restored' });
      expect(exports()).toBe(1);
      expect(comparing.every((done) => done === 0)).toBe(true);
    } finally {
      await logged.close();
    }
  });

  it('a box that drops the connection mid-upload leaves its folder as it was', async () => {
    // A second box whose process goes away after the first upload call.
    const data2 = join(root, 'box2');
    mkdirSync(data2);
    const big = await seedBackup(join(root, 'bigsrc'), { identities: 1, fastKeys: true });
    writeFileSync(join(big.folder, 'backup'), 'B'.repeat(2_000_000));
    const box2src = await startReferenceBox({ dataDir: join(root, 'bigsrc') });
    mkdirSync(join(root, 'stick2'));
    const bigArchive = (
      await pullToArchive({ boxUrl: box2src.url, backupId: big.backupId, destination: join(root, 'stick2'), appName: 't', appVersion: '0', catalog: createCatalog(join(root, 'app2')), retention: 10 })
    ).path;
    await box2src.close();

    const box2 = await startReferenceBox({ dataDir: data2 });
    let calls = 0;
    box2.io.on('new_namespace', (nsp) => {
      nsp.use((_socket, next) => {
        calls += 1;
        if (calls === 6) setTimeout(() => void box2.close(), 0); // after: about, export(compare), import #1...
        next();
      });
    });
    const before = folderSnapshot(data2);
    await expect(
      restoreToBox({ archivePath: bigArchive, boxUrl: box2.url, backupId: big.backupId, replace: false, timeouts: { connectMs: 1000, replyMs: 3000 } }),
    ).rejects.toMatchObject({ code: expect.stringMatching(/box-connection-lost|box-unreachable|box-timeout/) });
    const after = folderSnapshot(data2);
    // No backup folder was committed; at most an unfinished stage (hidden, discarded after 10 minutes).
    expect(Object.keys(after).filter((p) => !p.startsWith('.import-'))).toEqual(Object.keys(before));
    await box2.close().catch(() => undefined);
  });
});
