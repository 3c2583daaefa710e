import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { backupDigest } from './backup-digest';

const files = [
  { path: 'did-docs/QmAbcdefghij', size: 120, sha256: 'b'.repeat(64) },
  { path: 'backup', size: 4096, sha256: 'a'.repeat(64) },
  { path: 'Personal-1.pem', size: 1800, sha256: 'c'.repeat(64) },
];

describe('backupDigest', () => {
  it('equals sha256sum of the documented text, so anyone can recompute it by hand', () => {
    const text = ['Personal-1.pem\t1800\t' + 'c'.repeat(64), 'backup\t4096\t' + 'a'.repeat(64), 'did-docs/QmAbcdefghij\t120\t' + 'b'.repeat(64)]
      .map((line) => `${line}\n`)
      .join('');
    const expected = execFileSync('sha256sum', { input: text }).toString().slice(0, 64);
    expect(backupDigest(files)).toEqual({ digest: expected, files: 3, bytes: 6016 });
    // and with a runtime's own hash standing in (the pull passes Node's)
    expect(backupDigest(files, (bytes) => createHash('sha256').update(bytes).digest('hex')).digest).toBe(expected);
  });

  it('does not depend on the order the files are listed in', () => {
    expect(backupDigest([...files].reverse()).digest).toBe(backupDigest(files).digest);
  });

  it('changes when any size or checksum changes', () => {
    const base = backupDigest(files).digest;
    expect(backupDigest([{ ...files[0]!, size: 121 }, files[1]!, files[2]!]).digest).not.toBe(base);
    expect(backupDigest([files[0]!, { ...files[1]!, sha256: 'd'.repeat(64) }, files[2]!]).digest).not.toBe(base);
    expect(backupDigest(files.slice(1)).digest).not.toBe(base);
  });
});
