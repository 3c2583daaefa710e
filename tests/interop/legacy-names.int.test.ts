import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { LEGACY_NAMES, seedBackup, type SeededBackup } from '../../box/seed';
import { main } from '../../cli/main';
import { readArchive } from '../../services/archive/format';
import { createBoxClient } from '../../services/box/client';
import { setQuiet } from '../../services/log';
import { backupDigest } from '../../shared/backup-digest';
import { captureIO } from '../helpers/assert';

// An owner whose oldest identities were made before October 2019: their key files on the box are
// named after display names (identity-box.md §4). Every one must go box -> archive -> box intact.
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-legacy-'));
const boxData = join(root, 'box');
const stick = join(root, 'stick');
const env = { ...process.env, LC_ALL: 'C.UTF-8' };
let box: ReferenceBox;
let seeded: SeededBackup;
let words: string;
let archive: string;

beforeAll(async () => {
  process.env.IDBOX_DATA_DIR = join(root, 'app');
  seeded = await seedBackup(boxData, { identities: 2, legacy: LEGACY_NAMES.length, fastKeys: true });
  box = await startReferenceBox({ dataDir: boxData });
  mkdirSync(stick);
  words = join(root, 'words.txt');
  writeFileSync(words, seeded.mnemonic);
}, 60_000);
afterAll(async () => {
  await box.close();
  delete process.env.IDBOX_DATA_DIR;
  rmSync(root, { recursive: true, force: true });
});

const legacyPems = LEGACY_NAMES.map((n) => `${n}.pem`);
const tarList = (tool: string, file: string) =>
  execFileSync(tool, ['-tf', file], { env, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .sort();

describe('legacy key files named after display names (accents, apostrophes, spaces, emoji, CJK)', () => {
  it('the seed wrote them as the box does', () => {
    expect(seeded.identityNames.slice(2)).toEqual(LEGACY_NAMES);
    for (const pem of ["Zoë's phone.pem", '山田 太郎.pem', '📱 Tel.pem', 'Renée, Work.pem']) expect(legacyPems).toContain(pem);
  });

  it('idbox pull carries every one of them, complete, and the box and the archive have one digest', async () => {
    const c = captureIO();
    expect(await main(['pull', '--box', box.url, '--mnemonic-file', words, '--to', stick, '--json'], c.io), c.err.join('')).toBe(0);
    const result = JSON.parse(c.out.join('')) as { archive: string; files: number; complete: boolean };
    archive = result.archive;
    expect(result).toMatchObject({ files: 1 + 2 * (2 + LEGACY_NAMES.length), complete: true });
    const read = await readArchive(archive);
    for (const pem of legacyPems) expect(read.members.map((m) => m.path)).toContain(pem);
    const box2 = await createBoxClient(box.url).backupDigest(seeded.backupId);
    expect(box2 !== 'unknown' && 'digest' in box2 && box2.digest).toBe(backupDigest(read.manifest.files).digest);
  }, 60_000);

  it('GNU tar and bsdtar list the same names, and extract the same bytes (key files sealed: age opens them byte-identical)', async () => {
    const gnu = tarList('tar', archive);
    expect(tarList('bsdtar', archive)).toEqual(gnu);
    for (const pem of legacyPems) expect(gnu).toContain(`backup/${pem}`);
    // Archive format 2: the key files are sealed to the words; the age tool opens them with the words' identity.
    const c = captureIO();
    expect(await main(['key-identity', '--mnemonic-file', words], c.io)).toBe(0);
    const identity = join(root, 'identity.txt');
    writeFileSync(identity, c.out.join(''), { mode: 0o600 });
    for (const tool of ['tar', 'bsdtar']) {
      const out = join(root, `x-${tool}`);
      mkdirSync(out);
      execFileSync(tool, ['-xf', archive, '-C', out], { env });
      execFileSync('diff', ['-r', '-x', '*.pem', join(out, 'backup'), seeded.folder]);
      for (const pem of readdirSync(seeded.folder).filter((n) => n.endsWith('.pem'))) {
        const opened = execFileSync('age', ['-d', '-i', identity, join(out, 'backup', pem)]);
        expect(opened.equals(readFileSync(join(seeded.folder, pem))), pem).toBe(true);
      }
    }
  });

  it('idbox inspect and idbox verify both call it ok', async () => {
    const c = captureIO();
    expect(await main(['inspect', archive, '--json', '--mnemonic-file', words], c.io)).toBe(0);
    const [report] = JSON.parse(c.out.join('')) as { status: string; pems: unknown[] }[];
    expect(report).toMatchObject({ status: 'ok' });
    expect(report!.pems).toHaveLength(2 + LEGACY_NAMES.length);
    expect(await main(['verify', archive], captureIO().io)).toBe(0);
  });

  it('restores to an emptied box byte for byte (diff -r)', async () => {
    const original = join(root, 'original');
    cpSync(seeded.folder, original, { recursive: true });
    rmSync(boxData, { recursive: true });
    mkdirSync(boxData);
    const c = captureIO();
    expect(await main(['restore', archive, '--box', box.url, '--mnemonic-file', words, '--json'], c.io), c.out.join('') + c.err.join('')).toBe(0);
    expect(JSON.parse(c.out.join(''))).toMatchObject({ ok: true, outcome: 'restored' });
    execFileSync('diff', ['-r', original, seeded.folder]);
    expect(readFileSync(join(seeded.folder, "Zoë's phone.pem"), 'latin1')).toContain('ENCRYPTED PRIVATE KEY');
  }, 60_000);

  it('idbox pack carries them from a folder copied off the box, and GNU tar lists them', async () => {
    const out = join(root, 'packed.idbox');
    const c = captureIO();
    expect(await main(['pack', seeded.folder, '-o', out, '--json'], c.io), c.err.join('')).toBe(0);
    expect(JSON.parse(c.out.join(''))).toMatchObject({ complete: true, status: 'ok' });
    for (const pem of legacyPems) expect(tarList('tar', out)).toContain(`backup/${pem}`);
  });

  it("with the words, a legacy identity whose key file is not there by its display name is missing, even when the counts agree", async () => {
    const folder = join(root, 'renamed', seeded.backupId);
    cpSync(seeded.folder, folder, { recursive: true });
    renameSync(join(folder, "Zoë's phone.pem"), join(folder, 'Zoe s phone.pem'));
    const out = join(root, 'renamed.idbox');
    expect(await main(['pack', folder, '-o', out], captureIO().io)).toBe(0);
    const c = captureIO();
    expect(await main(['inspect', out, '--json', '--mnemonic-file', words], c.io)).toBe(1);
    const [report] = JSON.parse(c.out.join('')) as { status: string; problems: { code: string; message: string; path?: string }[] }[];
    expect(report!.status).toBe('incomplete');
    expect(report!.problems).toContainEqual({ code: 'missing-file', path: "Zoë's phone.pem", message: 'The key file of the identity "Zoë\'s phone" is not here, so that identity cannot be restored.' });
    const r = captureIO();
    expect(await main(['restore', out, '--box', box.url, '--mnemonic-file', words, '--json'], r.io)).toBe(4);
    expect(JSON.parse(r.out.join(''))).toMatchObject({ ok: false, error: { code: 'archive-incomplete', message: expect.stringContaining('"Zoë\'s phone"') } });
  });

  it('a name outside the rule is never dropped in silence: pack refuses it, inspect says no archive can carry it', async () => {
    writeFileSync(join(seeded.folder, 'back\\slash.pem'), 'a key');
    try {
      const c = captureIO();
      expect(await main(['pack', seeded.folder, '-o', join(root, 'refused.idbox'), '--json'], c.io)).toBe(5);
      expect(JSON.parse(c.out.join(''))).toMatchObject({ ok: false, error: { code: 'file-not-carried', message: expect.stringMatching(/its name is not allowed \(it contains a slash\)/) } });
      const i = captureIO();
      expect(await main(['inspect', seeded.folder, '--json'], i.io)).toBe(1);
      const [report] = JSON.parse(i.out.join('')) as { status: string; problems: { code: string }[] }[];
      expect(report!.status).toBe('incomplete');
      expect(report!.problems.map((p) => p.code)).toContain('name-not-carried');
    } finally {
      rmSync(join(seeded.folder, 'back\\slash.pem'));
    }
  });

  it('a key file whose name cannot be carried fails the pull with a sentence, and nothing is written', async () => {
    writeFileSync(join(seeded.folder, 'tab\there.pem'), 'a key');
    const before = readdirSync(stick).sort();
    const c = captureIO();
    expect(await main(['pull', '--box', box.url, '--mnemonic-file', words, '--to', stick, '--json'], c.io)).toBe(5);
    const out = JSON.parse(c.out.join('')) as { ok: false; error: { code: string; message: string } };
    expect(out.error).toMatchObject({ code: 'file-not-carried' });
    expect(out.error.message).toMatch(/^A file in your box's backup could not be copied because its name is not allowed \(it contains a control character\)\. Nothing was written/);
    expect(readdirSync(stick).sort()).toEqual(before);
    rmSync(join(seeded.folder, 'tab\there.pem'));
  }, 60_000);
});
