import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { decodeStrictBase64, ExportAssembler } from './export-assembly';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('export pieces', () => {
  it('take padded standard base64 only (what the box sends), refusing anything a lenient decoder would let through', () => {
    expect(decodeStrictBase64('')).toEqual(Buffer.alloc(0));
    expect(decodeStrictBase64('QUJD')).toEqual(Buffer.from('ABC'));
    expect(decodeStrictBase64('QUI=')).toEqual(Buffer.from('AB'));
    expect(decodeStrictBase64('QQ==')).toEqual(Buffer.from('A'));
    expect(decodeStrictBase64('+/+/')).toEqual(Buffer.from([0xfb, 0xff, 0xbf]));
    // not a multiple of 4, base64url's characters, characters outside the alphabet, padding inside
    for (const bad of ['QUJ', 'A===', '-_-_', 'QU J', 'QUJ*', 'QQ==QUJD', '====', 'QUJD\n']) expect(decodeStrictBase64(bad), bad).toBeNull();
  });

  it('without keeping content: hands out each piece once, and checks every file against its sha256 at the end', () => {
    const a = Buffer.from('a'.repeat(1000));
    const b = Buffer.from('b'.repeat(10));
    const files = [{ path: 'backup', size: a.length, sha256: sha(a) }, { path: 'x.pem', size: b.length, sha256: sha(b) }];
    const assembly = new ExportAssembler({ keep: false });
    expect(assembly.accept({ files, chunks: [{ path: 'backup', offset: 0, contentBase64: a.subarray(0, 600).toString('base64') }], next: 'n1' })).toBe('n1');
    expect(assembly.takePieces()).toEqual([{ index: 0, data: a.subarray(0, 600) }]);
    expect(assembly.takePieces()).toEqual([]);
    const last = [{ path: 'x.pem', offset: 0, contentBase64: b.toString('base64') }, { path: 'backup', offset: 600, contentBase64: a.subarray(600).toString('base64') }];
    expect(assembly.accept({ files, chunks: last, next: null })).toBeNull();
    expect(assembly.takePieces().map((p) => p.index)).toEqual([1, 0]);
    expect(() => assembly.checkHashes()).not.toThrow();
  });

  it('a file whose bytes do not match its declared sha256 blames the box', () => {
    const a = Buffer.from('honest');
    const assembly = new ExportAssembler({ keep: false });
    assembly.accept({ files: [{ path: 'backup', size: a.length, sha256: sha(Buffer.from('change')) }], chunks: [{ path: 'backup', offset: 0, contentBase64: a.toString('base64') }], next: null });
    const err = (() => {
      try {
        assembly.checkHashes();
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'box-reply-invalid', message: expect.stringMatching(/backup did not match its checksum/) });
  });
});
