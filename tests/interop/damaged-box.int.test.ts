import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { main } from '../../cli/main';
import { setQuiet } from '../../services/log';
import { captureIO } from '../helpers/assert';

// A backup damaged on the box (review 2026-12-07, #13): two DID documents that do not match their
// file names. Inspect calls it damaged; the pull, verify and restore must use the same word.
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-damaged-box-'));
let box: ReferenceBox;
let seeded: SeededBackup;
let words: string;

beforeAll(async () => {
  process.env.IDBOX_DATA_DIR = join(root, 'app');
  seeded = await seedBackup(join(root, 'box'), { identities: 2, fastKeys: true });
  const docs = join(seeded.folder, 'did-docs');
  const [a, b] = readdirSync(docs);
  // Each document's content swapped into the other's name.
  const textA = readFileSync(join(docs, a!));
  renameSync(join(docs, b!), join(docs, a!));
  writeFileSync(join(docs, b!), textA);
  box = await startReferenceBox({ dataDir: join(root, 'box') });
  words = join(root, 'words.txt');
  writeFileSync(words, seeded.mnemonic);
  mkdirSync(join(root, 'stick'));
});
afterAll(async () => {
  await box.close();
  delete process.env.IDBOX_DATA_DIR;
  rmSync(root, { recursive: true, force: true });
});

describe('a backup damaged on the box', () => {
  it('is archived (every byte kept) but called damaged by the pull, verify, inspect and restore alike', async () => {
    const pull = captureIO();
    expect(await main(['pull', '--box', box.url, '--mnemonic-file', words, '--to', join(root, 'stick'), '--json'], pull.io)).toBe(1);
    const result = JSON.parse(pull.out.join('')) as { archive: string; complete: boolean; status: string; reasons: string[] };
    expect(result).toMatchObject({ complete: false, status: 'corrupt' });
    expect(result.reasons[0]).toMatch(/^Archived, but your box's backup is damaged: this copy cannot bring all your identities back\. Its id is/);

    const verify = captureIO();
    expect(await main(['verify', result.archive], verify.io)).toBe(1);
    expect(verify.out.join('\n')).toMatch(/^BAD {2}.*: Damaged: some content does not match\./);
    const inspect = captureIO();
    expect(await main(['inspect', result.archive, '--json'], inspect.io)).toBe(1);
    expect((JSON.parse(inspect.out.join('')) as { status: string }[])[0]!.status).toBe('corrupt');

    const restore = captureIO();
    expect(await main(['restore', result.archive, '--box', box.url, '--mnemonic-file', words, '--json'], restore.io)).toBe(4);
    expect(JSON.parse(restore.out.join(''))).toMatchObject({ ok: false, error: { code: 'archive-corrupt', message: expect.stringMatching(/^This archive is damaged, so it is not restored/) } });
  }, 60_000);
});
