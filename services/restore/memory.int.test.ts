import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceBox } from '../../box/reference-box';
import { makeLargeBundleArchive } from '../../scripts/bench/large-bundle';
import { folderSnapshot } from '../../tests/helpers/assert';
import { setQuiet } from '../log';

/**
 * A person restores a large backup (an owner with hundreds of thousands of contacts: a 50 MB
 * bundle) on an ordinary computer: the restore must not need the whole backup in memory several
 * times over. Measured as the peak RSS of a real `idbox restore` process against a real
 * `idbox pull` of the same backup (the yardstick, measured here, not assumed): at most 2x.
 * Before issue #27 the restore kept every file's content through the check and the upload,
 * decoded the bundle as text, and peaked at more than 4x the pull.
 */
setQuiet(true);
const BIN = join(import.meta.dirname, '..', '..', 'bin', 'idbox.mjs');
const TIME = '/usr/bin/time';
const dir = mkdtempSync(join(tmpdir(), 'idbox-restore-memory-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the CLI in its own process (not blocking this one, which serves the box) and returns its peak RSS in KB. */
function peakKb(args: string[]): Promise<{ kb: number; out: string }> {
  const child = spawn(TIME, ['-f', '%M', process.execPath, BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, IDBOX_DATA_DIR: join(dir, 'app'), IDBOX_LOG: 'silent' } });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += String(d)));
  child.stderr.on('data', (d) => (err += String(d)));
  return new Promise((resolve) =>
    child.on('close', (status) => {
      expect(status, err).toBe(0);
      resolve({ kb: Number(err.trim().split('\n').at(-1)), out });
    }),
  );
}

describe.skipIf(!existsSync(TIME))('restore in bounded memory (skipped without /usr/bin/time)', () => {
  it('idbox restore of a 50 MB backup peaks at most 2x an idbox pull of the same backup, and the box gets it back byte for byte', async () => {
    const large = await makeLargeBundleArchive(join(dir, 'large'), 50);
    const source = await startReferenceBox({ dataDir: join(dir, 'large', 'box') });
    const target = await startReferenceBox({ dataDir: join(dir, 'target') });
    try {
      await peakKb(['--version']); // builds the CLI if its sources changed, outside the measurement
      mkdirSync(join(dir, 'pulled'));
      const pull = await peakKb(['pull', '--box', source.url, '--backup-id', large.seeded.backupId, '--to', join(dir, 'pulled'), '--json']);
      const restore = await peakKb(['restore', large.archive, '--box', target.url, '--mnemonic-file', large.words, '--json']);
      expect(JSON.parse(restore.out)).toMatchObject({ ok: true, outcome: 'restored' });
      expect(folderSnapshot(join(dir, 'target', large.seeded.backupId))).toEqual(folderSnapshot(large.seeded.folder));
      console.log(`restore of a ${(large.bundleBytes / 1e6).toFixed(1)} MB bundle: peak ${(restore.kb / 1024).toFixed(0)} MiB; pull of it: ${(pull.kb / 1024).toFixed(0)} MiB`);
      expect(restore.kb).toBeLessThanOrEqual(2 * pull.kb);
    } finally {
      await source.close();
      await target.close();
    }
  }, 240_000);
});
