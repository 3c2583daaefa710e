import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeFixtures, type FixtureSet } from '../services/inspect/fixtures';
import { captureIO } from '../tests/helpers/assert';
import { main } from './main';
import { entropyToMnemonic, suggestWords } from '../shared/mnemonic';

// What a person sees after a mistake on the command line: one sentence and one next step, not a
// page of help; and verify lines a non-engineer can read.

describe('idbox after a wrong argument', () => {
  it.each([
    [['pull'], "required option '--box <url>' not specified", 'Run "idbox pull --help" to see what it takes.'],
    [['restore'], "required option '--box <url>' not specified", 'Run "idbox restore --help" to see what it takes.'],
    [['box', 'serve'], "required option '--data <dir>' not specified", 'Run "idbox box serve --help" to see what it takes.'],
    [['frobnicate'], "unknown command 'frobnicate'", 'Run "idbox --help" to see every command.'],
  ])('idbox %j says what is wrong and the next step, exit 2, no help page dumped', async (argv, error, next) => {
    const c = captureIO();
    expect(await main(argv, c.io)).toBe(2);
    const err = c.err.join('');
    expect(err).toContain(error);
    expect(err).toContain(next);
    expect(err).not.toContain('Usage:');
    expect(err.trim().split('\n')).toHaveLength(2);
    expect(c.out.join('')).toBe('');
  });
});

describe('idbox verify lines', () => {
  let dir: string;
  let fx: FixtureSet;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'idbox-usage-'));
    fx = await makeFixtures(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('a damaged archive is named in a sentence, not a code; one archive is "1 archive"', async () => {
    const c = captureIO();
    expect(await main(['verify', fx.damaged['flipped-pem']], c.io)).toBe(1);
    const [line, summary] = c.out.join('\n').trim().split('\n');
    // The status in inspect's words first, then the file and what is wrong with it.
    expect(line).toMatch(/^BAD {2}.*flipped-pem\.idbox: Damaged: some content does not match\. This file is damaged: its checksum does not match the manifest \(\S+\.pem\)\./);
    expect(summary).toMatch(/^1 archive: 0 ok, 1 not ok \([\d.]+ KB in [\d.]+ s\)$/);
  });

  it('prints one line per archive sorted by path, the same on every run, however the parallel checks finish', async () => {
    const run = async () => {
      const c = captureIO();
      await main(['verify', dir, '--recursive', '--jobs', '8'], c.io);
      return c.out.join('\n').trim().split('\n').slice(0, -1);
    };
    const first = await run();
    expect(first.length).toBeGreaterThan(3);
    const paths = first.map((l) => l.replace(/^(OK|BAD) +/, '').replace(/\.idbox: .*$/, '.idbox'));
    expect(paths).toEqual([...paths].sort());
    expect(await run()).toEqual(first);
  });

  it('an archive with a file its manifest does not list says so', async () => {
    const c = captureIO();
    expect(await main(['verify', fx.damaged['extra-member']], c.io)).toBe(1);
    expect(c.out.join('\n')).toContain('This file is in the archive but not in its manifest (did-docs/QmExtraExtraExtraExtra).');
  });
});

describe('idbox inspect and verify of a path that is not there', () => {
  // A mistyped path (or a stick that is not plugged in) is a usage mistake: a report about
  // "0 files" or a BAD line would suggest an archive exists and is damaged.
  it.each([['inspect'], ['verify']])('idbox %s names the missing path in one sentence with the next step, exit 2, nothing else printed', async (command) => {
    const missing = join(tmpdir(), 'idbox-no-such-archive-7f3a.idbox');
    const c = captureIO();
    expect(await main([command, missing], c.io)).toBe(2);
    expect(c.err.join('').trim()).toBe(`idbox: There is no file or folder at "${missing}". Check the path (is the stick plugged in?) and try again.`);
    expect(c.out.join('')).toBe('');
  });

  it('with --json the same sentence comes as the error object, so scripts can read it', async () => {
    const c = captureIO();
    expect(await main(['verify', '--json', join(tmpdir(), 'idbox-missing-a'), join(tmpdir(), 'idbox-missing-b')], c.io)).toBe(2);
    const reply = JSON.parse(c.out.join(''));
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(reply.error.message).toContain('2 of the paths');
  });
});

describe('idbox with a mistyped word in --mnemonic-file', () => {
  it('names the word by its number and offers the words the app would offer, the meant one among them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idbox-typo-'));
    try {
      const words = entropyToMnemonic(new Uint8Array(32).fill(7)).split(' ');
      words[6] = 'claen';
      const file = join(dir, 'words.txt');
      writeFileSync(file, words.join(' '));
      const c = captureIO();
      expect(await main(['pull', '--box', 'http://127.0.0.1:9', '--mnemonic-file', file, '--to', dir], c.io)).toBe(3);
      const err = c.err.join('');
      expect(err).toContain(`Word 7 in the words file is not a passphrase word. Did you mean ${suggestWords('claen').slice(0, -1).join(', ')} or`);
      expect(err).toContain('Did you mean clean');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
