import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SEED } from '../../tests/property/corpus';
import { decodeTarHeader } from './tar-header';

// The lean decoder must read every block exactly as tar-stream's decoder does (the one the
// streaming reader uses): the same name, type and size, the same end-of-archive block, the same refusals.
const require = createRequire(import.meta.url);
const headers = require(join(dirname(require.resolve('tar-stream')), 'headers.js')) as {
  decode: (b: Buffer, enc: string, unknown: boolean) => { name: string; type: string | null; size: number | null } | null;
  encode: (h: Record<string, unknown>) => Buffer | null;
};
const KNOWN = new Set(['file', 'link', 'symlink', 'directory']);

function outcome(fn: () => { name: string; type: string | null; size: number | null } | null): unknown {
  try {
    const h = fn();
    return h && { name: h.name, type: h.type && KNOWN.has(h.type) ? h.type : 'other', size: h.size };
  } catch {
    return 'refused';
  }
}
function same(block: Buffer): void {
  expect(outcome(() => decodeTarHeader(block))).toEqual(outcome(() => headers.decode(block, 'utf-8', false)));
}
/** Rewrites the checksum field so a changed block still passes it (otherwise every change is just "refused"). */
function fixChecksum(block: Buffer, style: number): Buffer {
  let sum = 8 * 32;
  for (let i = 0; i < 512; i++) if (i < 148 || i >= 156) sum += block[i]!;
  const field = [sum.toString(8).padStart(6, '0') + '\0 ', ` ${sum.toString(8)}\0`, `${sum.toString(8)} `, `\0\0${sum.toString(8)}`][style % 4]!;
  block.fill(0, 148, 156);
  block.write(field.slice(0, 8), 148, 'latin1');
  return block;
}

const header = fc.record({
  name: fc.oneof(fc.constantFrom('manifest.json', 'backup/backup', 'backup/a.pem', 'backup/did-docs/Qm1', 'dir/'), fc.string({ maxLength: 120 })),
  size: fc.oneof(fc.nat({ max: 1 << 30 }), fc.constant(0)),
  type: fc.constantFrom('file', 'directory', 'symlink', 'link', 'fifo', 'character-device', 'pax-header', 'contiguous-file'),
  mode: fc.nat({ max: 0o7777 }),
  mtime: fc.date({ min: new Date(0), max: new Date(2 ** 33 * 1000 - 1), noInvalidDate: true }),
  uid: fc.nat({ max: 0o7777777 }),
  gid: fc.nat({ max: 0o7777777 }),
  uname: fc.string({ maxLength: 40 }),
  gname: fc.string({ maxLength: 40 }),
  linkname: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
});

describe('the lean tar header decoder reads as tar-stream does', () => {
  it('on the headers tar-stream writes', () => {
    fc.assert(
      fc.property(header, (h) => {
        const block = headers.encode(h);
        if (block) same(block);
      }),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('on damaged headers: bytes changed in every field, the checksum fixed or not, other magics, base-256 and odd octal fields', () => {
    const mutation = fc.record({
      h: header,
      changes: fc.array(fc.tuple(fc.nat({ max: 511 }), fc.constantFrom(0, 0x20, 0x30, 0x37, 0x38, 0x09, 0x80, 0x81, 0xff, 0xc2, 0xa0, 0x2f, 0x61)), { minLength: 1, maxLength: 12 }),
      fix: fc.nat({ max: 4 }),
    });
    fc.assert(
      fc.property(mutation, ({ h, changes, fix }) => {
        const block = headers.encode(h);
        if (!block) return;
        for (const [at, byte] of changes) block[at] = byte;
        same(fix === 4 ? block : fixChecksum(block, fix));
      }),
      { seed: SEED, numRuns: 3000 },
    );
    // Fields aimed at one by one: size in base 256 (both signs, a wrong first byte), spaces and NULs around digits, GNU magic.
    const base = headers.encode({ name: 'backup/backup', size: 3854, type: 'file', mtime: new Date(0), mode: 0o644, uid: 0, gid: 0 })!;
    const variants: [number, number[]][] = [
      [124, [0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10, 0]],
      [124, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe]],
      [124, [0x81, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]],
      [124, [0x20, 0x20, 0, 0x37, 0x37, 0x20, 0x31, 0, 0, 0, 0, 0]],
      [124, [0x09, 0x31, 0x37, 0, 0, 0, 0, 0, 0, 0, 0, 0]],
      [124, [0xc2, 0xa0, 0x31, 0x37, 0, 0, 0, 0, 0, 0, 0, 0]],
      [257, [0x75, 0x73, 0x74, 0x61, 0x72, 0x20, 0x20, 0x00]],
      [257, [0x75, 0x73, 0x74, 0x61, 0x72, 0x20, 0x30, 0x30]],
      [345, [0x61, 0x62, 0]],
      [156, [0x35]],
      [0, [0x64, 0x2f, 0]],
    ];
    for (const [at, bytes] of variants) {
      for (const fix of [0, 1, 2, 3, 4]) {
        const block = Buffer.from(base);
        block.set(bytes, at);
        same(fix === 4 ? block : fixChecksum(block, fix));
      }
    }
  });

  it('on zero blocks and random bytes', () => {
    same(Buffer.alloc(512));
    fc.assert(fc.property(fc.uint8Array({ minLength: 512, maxLength: 512 }), (b) => same(Buffer.from(b))), { seed: SEED, numRuns: 500 });
  });
});
