import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { main } from '../../cli/main';
import { backupFingerprint } from '../../shared/archive/fingerprint';
import { captureIO, folderSnapshot } from '../../tests/helpers/assert';
import { setQuiet } from '../log';
import { createCatalog } from './catalog';
import { verifyArchive } from './format';
import { pullToArchive } from './pull';
import { createSettings } from './settings';
import { createSchedule } from '../copies/schedule';
import { createAutomation, type AutomationOutcome } from '../drives/automation';
import type { Volume } from '../../shared/contract/drives';
import { recipientFromMnemonic } from '../../shared/archive/seal-key';

/**
 * Archive format 2, end to end through `idbox`: a lost stick holds no key a thief can use, the
 * owner (or support staff with the owner's words) opens a key file with the standard `age` tool,
 * and the archive brings the box's files back byte for byte.
 */
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-sealed-'));
let box: ReferenceBox;
let seeded: SeededBackup;
let words: string;
const dataDir = join(root, 'app');

/** The DER of PBES2's object identifier (1.2.840.113549.1.5.13), as it sits inside every box key file. */
const PBES2_OID = Buffer.from('06092a864886f70d01050d', 'hex');

async function cli(args: string[]) {
  const c = captureIO();
  const code = await main(args, c.io);
  return { code, out: c.out.join(''), err: c.err.join('') };
}

beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 3, peers: 1, fastKeys: true });
  box = await startReferenceBox({ dataDir: join(root, 'box') });
  words = join(root, 'words.txt');
  writeFileSync(words, `${seeded.mnemonic}\n`, { mode: 0o600 });
  process.env.IDBOX_DATA_DIR = dataDir;
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

describe('archive format 2 (idbox pull --mnemonic-file)', () => {
  let archive: string;

  it('writes a format-2 archive, 0600, whose --json output names the fingerprint and never the backup id', async () => {
    const dest = join(root, 'stick');
    mkdirSync(dest);
    const r = await cli(['pull', '--box', box.url, '--mnemonic-file', words, '--to', dest, '--json']);
    expect(r.code).toBe(0);
    expect(r.out).not.toContain(seeded.backupId);
    const out = JSON.parse(r.out) as { archive: string; backupFingerprint: string; formatVersion: number };
    expect(out).toMatchObject({ backupFingerprint: backupFingerprint(seeded.backupId), formatVersion: 2, verified: true });
    archive = join(dest, readdirSync(dest).find((n) => n.endsWith('.idbox'))!);
    expect(statSync(archive).mode & 0o777).toBe(0o600);
    expect((await verifyArchive(archive)).manifest.formatVersion).toBe(2);
  });

  it('no byte of the archive holds a private key marker, a PBES2 identifier or the backup id', () => {
    const bytes = readFileSync(archive);
    const pems = readdirSync(seeded.folder).filter((n) => n.endsWith('.pem'));
    expect(pems.length).toBe(3);
    // The box's own files do contain them: the check below can fail.
    expect(readFileSync(join(seeded.folder, pems[0]!)).includes('ENCRYPTED PRIVATE KEY')).toBe(true);
    expect(bytes.includes('PRIVATE KEY')).toBe(false);
    expect(bytes.includes(PBES2_OID)).toBe(false);
    expect(bytes.includes(Buffer.from(PBES2_OID.toString('base64').slice(0, 12)))).toBe(false);
    expect(bytes.includes(seeded.backupId)).toBe(false);
    // Member by member, as extracted by GNU tar.
    const out = join(root, 'x');
    mkdirSync(out);
    execFileSync('tar', ['-xf', archive, '-C', out]);
    for (const name of ['manifest.json', ...readdirSync(join(out, 'backup'), { recursive: true }).map((n) => `backup/${String(n)}`)]) {
      const path = join(out, name);
      if (!statSync(path).isFile()) continue;
      const member = readFileSync(path);
      expect(member.includes('PRIVATE KEY'), name).toBe(false);
      expect(member.includes(PBES2_OID), name).toBe(false);
      expect(member.includes(seeded.backupId), name).toBe(false);
    }
  });

  it('the age CLI opens a sealed key file with the identity from idbox key-identity, byte-identical to the box PEM', () => {
    const out = join(root, 'age');
    mkdirSync(out);
    execFileSync('tar', ['-xf', archive, '-C', out]);
    const identityFile = join(root, 'identity.txt');
    return cli(['key-identity', '--mnemonic-file', words]).then((r) => {
      expect(r.code).toBe(0);
      expect(r.out.trim()).toMatch(/^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
      writeFileSync(identityFile, r.out, { mode: 0o600 });
      for (const pem of readdirSync(seeded.folder).filter((n) => n.endsWith('.pem'))) {
        const opened = execFileSync('age', ['-d', '-i', identityFile, join(out, 'backup', pem)]);
        expect(opened.equals(readFileSync(join(seeded.folder, pem)))).toBe(true);
      }
    });
  });

  it('idbox inspect without words says the key files are sealed and every checksum matches; with words it opens them and checks PBES2', async () => {
    const plain = await cli(['inspect', archive, '--json']);
    expect(plain.code).toBe(0);
    const [report] = JSON.parse(plain.out);
    expect(report).toMatchObject({ status: 'ok', formatVersion: 2, keyFilesSealed: true, didDocuments: 3, pems: [] });
    expect(plain.out).not.toContain(seeded.backupId);
    const [withWords] = JSON.parse((await cli(['inspect', archive, '--json', '--mnemonic-file', words])).out);
    expect(withWords).toMatchObject({ status: 'ok', mnemonicMatches: true });
    expect(withWords.pems).toHaveLength(3);
    expect(withWords.pems[0]).toMatchObject({ kdf: 'PBKDF2' });
  });

  it('restores byte-identical on a box that lost its backup (idbox restore)', async () => {
    const empty = join(root, 'box2');
    mkdirSync(empty);
    const box2 = await startReferenceBox({ dataDir: empty });
    try {
      const r = await cli(['restore', archive, '--box', box2.url, '--mnemonic-file', words, '--json']);
      expect(r.code, r.out + r.err).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ ok: true, outcome: 'restored' });
      expect(folderSnapshot(join(empty, seeded.backupId))).toEqual(folderSnapshot(seeded.folder));
    } finally {
      await box2.close();
    }
  });

  it('without the words the sealed key files do not open: other words are refused before the box is touched', async () => {
    const other = await seedBackup(join(root, 'other'), { identities: 1, fastKeys: true });
    const otherWords = join(root, 'other.txt');
    writeFileSync(otherWords, other.mnemonic);
    const r = await cli(['restore', archive, '--box', box.url, '--mnemonic-file', otherWords]);
    expect(r.code).toBe(3);
  });
});

describe('format 1 still works', () => {
  it('a format-1 archive (a pull with only the id and no remembered recipient) is verified and restores byte-identical', async () => {
    const dest = join(root, 'old');
    mkdirSync(dest);
    process.env.IDBOX_DATA_DIR = join(root, 'fresh-app');
    const r = await cli(['pull', '--box', box.url, '--backup-id', seeded.backupId, '--to', dest]);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/format 1/);
    const archive = join(dest, readdirSync(dest)[0]!);
    expect((await verifyArchive(archive)).manifest.formatVersion).toBe(1);
    const empty = join(root, 'box3');
    mkdirSync(empty);
    const box3 = await startReferenceBox({ dataDir: empty });
    try {
      expect((await cli(['restore', archive, '--box', box3.url, '--mnemonic-file', words])).code).toBe(0);
      expect(folderSnapshot(join(empty, seeded.backupId))).toEqual(folderSnapshot(seeded.folder));

      // Reseal: a verified format-2 archive beside it; the old one goes only with --retire.
      const kept = await cli(['reseal', archive, '--mnemonic-file', words]);
      expect(kept.code, kept.err).toBe(0);
      expect(readdirSync(dest)).toHaveLength(2);
      const sealedName = readdirSync(dest).find((n) => join(dest, n) !== archive)!;
      const resealed = join(dest, sealedName);
      expect((await verifyArchive(resealed)).manifest.formatVersion).toBe(2);
      expect(readFileSync(resealed).includes('PRIVATE KEY')).toBe(false);
      expect(statSync(resealed).mode & 0o777).toBe(0o600);
      rmSync(resealed);
      const retired = await cli(['reseal', archive, '--mnemonic-file', words, '--retire', '--json']);
      expect(retired.code, retired.err).toBe(0);
      expect(JSON.parse(retired.out)[0]).toMatchObject({ verified: true, retired: true });
      const left = readdirSync(dest);
      expect(left).toHaveLength(1);
      // ... and the resealed archive restores byte-identical.
      rmSync(join(empty, seeded.backupId), { recursive: true });
      expect((await cli(['restore', join(dest, left[0]!), '--box', box3.url, '--mnemonic-file', words])).code).toBe(0);
      expect(folderSnapshot(join(empty, seeded.backupId))).toEqual(folderSnapshot(seeded.folder));
    } finally {
      await box3.close();
      process.env.IDBOX_DATA_DIR = dataDir;
    }
  });
});

describe('automatic archives seal without the words', () => {
  it('a stick plugged in gets a format-2 archive from the recipient remembered when the words were typed', async () => {
    const app = join(root, 'auto-app');
    const codec = { description: 'test', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
    const settings = createSettings(app, codec);
    await settings.remember(box.url, seeded.backupId, false, recipientFromMnemonic(seeded.mnemonic));
    // What the app keeps: the public key, bound to the backup's fingerprint; never the words or the identity.
    const kept = readFileSync(join(app, 'settings.json'), 'utf8');
    expect(kept).toContain(recipientFromMnemonic(seeded.mnemonic)!);
    expect(kept).not.toContain('AGE-SECRET-KEY');
    const mount = join(root, 'AUTOSTICK');
    mkdirSync(mount);
    const volume: Volume = { id: 'uuid-auto', label: 'AUTOSTICK', mountPoint: mount, size: 1e9, free: 1e9, filesystem: 'ext4', writable: true, bus: 'usb', device: null };
    const outcomes: AutomationOutcome[] = [];
    const auto = createAutomation({ dataDir: app, appName: 't', appVersion: '0', settings, catalog: createCatalog(app), onOutcome: (o) => outcomes.push(o) });
    await auto.onVolumes([volume]);
    await auto.enable(volume, box.url);
    await auto.onVolumes([]);
    await auto.onVolumes([volume]);
    expect(outcomes[0]).toMatchObject({ ok: true, upToDate: false });
    const [name] = readdirSync(mount).filter((n) => n.endsWith('.idbox'));
    expect((await verifyArchive(join(mount, name!))).manifest.formatVersion).toBe(2);
    expect(readFileSync(join(mount, name!)).includes('PRIVATE KEY')).toBe(false);
  });

  it('a scheduled archive of a remembered backup is format 2 once its recipient is remembered, format 1 before', async () => {
    const app = join(root, 'sched-app');
    const folder = join(root, 'sched');
    mkdirSync(folder);
    const codec = { description: 'test', encrypt: (s: string) => Buffer.from(s), decrypt: (b: Buffer) => b.toString() };
    const settings = createSettings(app, codec);
    const catalog = createCatalog(app);
    // Remembered before sealing existed: no recipient; the folder already holds an archive.
    await settings.remember(box.url, seeded.backupId);
    await settings.update((s) => (s.scheduleHours = 1));
    await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: folder, appName: 't', appVersion: '0', catalog, retention: 10, now: () => new Date(Date.now() - 86_400_000) });
    const results: string[] = [];
    // The catalog's newest archive matches the box, so nothing is due: make the box change.
    writeFileSync(join(seeded.folder, 'backup'), `${readFileSync(join(seeded.folder, 'backup'), 'utf8')}`);
    const entries = await catalog.list();
    await catalog.record({ ...entries[0]!, digest: '0'.repeat(64) }, 10);
    const schedule = createSchedule({ settings, catalog, dataDir: app, appName: 't', appVersion: '0', volumes: async () => [], onResult: (m) => results.push(m) });
    const first = await schedule.tick();
    expect(first).toHaveLength(1);
    expect((await verifyArchive(first[0]!)).manifest.formatVersion).toBe(1);

    // The words typed once (in the app: an archive with the words) remember the recipient.
    await settings.remember(box.url, seeded.backupId, false, recipientFromMnemonic(seeded.mnemonic));
    const again = await catalog.list();
    for (const e of again) await catalog.record({ ...e, digest: '0'.repeat(64) }, 10);
    const later = createSchedule({ settings, catalog, dataDir: app, appName: 't', appVersion: '0', volumes: async () => [], onResult: (m) => results.push(m), now: () => Date.now() + 7_200_000 });
    const second = await later.tick();
    expect(second).toHaveLength(1);
    const m = (await verifyArchive(second[0]!)).manifest;
    expect(m.formatVersion).toBe(2);
    expect(readFileSync(second[0]!).includes(seeded.backupId)).toBe(false);
  });
});
