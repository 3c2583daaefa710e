import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { buildArchive, readArchive } from '../../services/archive/format';
import { ExportAssembler } from '../../services/box/export-assembly';
import { ARCHIVE_FORMAT } from '../../shared/archive/manifest';
import { BACKUP_LIMITS } from '../../shared/box-protocol';
import { AppError } from '../../shared/errors';
import { SEED } from './corpus';

// Property tests over the archive reader and the export assembler: any bytes, any reply sequence:
// a result or our AppError, in bounded time and memory.
const dir = mkdtempSync(join(tmpdir(), 'idbox-prop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const ID = `${'P'.repeat(85)}A`;

async function goodArchive(): Promise<Buffer> {
  const contents = new Map([
    ['backup', Buffer.from('A'.repeat(600))],
    ['k.pem', Buffer.from('-----BEGIN ENCRYPTED PRIVATE KEY-----\r\n')],
    ['did-docs/QmAbcdefghijkl', Buffer.from('{"id":"did:ipid:QmAbcdefghijkl"}')],
  ]);
  const files = [...contents.entries()].map(([path, b]) => ({ path, size: b.length, sha256: sha(b) }));
  return buildArchive({ format: ARCHIVE_FORMAT, formatVersion: 1, createdAt: '2026-11-20T09:30:00.000Z', app: { name: 't', version: '0' }, source: { box: null }, backupId: ID, files }, contents);
}

describe('property: the archive reader', () => {
  it('damaged archives (flips, cuts, insertions, junk) give a result or archive-invalid, quickly', async () => {
    const good = await goodArchive();
    const damage = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat({ max: good.length - 1 }), bits: fc.integer({ min: 1, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat({ max: good.length }) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat({ max: good.length }), bytes: fc.uint8Array({ minLength: 1, maxLength: 1024 }) }),
      fc.record({ kind: fc.constant('junk' as const), bytes: fc.uint8Array({ maxLength: 4096 }) }),
    );
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(damage, { minLength: 1, maxLength: 3 }), async (steps) => {
        let bytes = Buffer.from(good);
        for (const s of steps) {
          if (s.kind === 'flip') bytes[s.at % bytes.length] = bytes[s.at % bytes.length]! ^ s.bits;
          else if (s.kind === 'cut') bytes = bytes.subarray(0, s.at);
          else if (s.kind === 'insert') bytes = Buffer.concat([bytes.subarray(0, s.at), Buffer.from(s.bytes), bytes.subarray(s.at)]);
          else bytes = Buffer.from(s.bytes);
        }
        const path = join(dir, `a${n++}.idbox`);
        writeFileSync(path, bytes);
        const started = performance.now();
        for (const batch of [false, true]) {
          try {
            await readArchive(path, { batch, keepContent: () => true });
          } catch (err) {
            expect(err).toBeInstanceOf(AppError);
            expect(['archive-invalid', 'archive-corrupt']).toContain((err as AppError).code);
          }
        }
        expect(performance.now() - started).toBeLessThan(3000);
      }),
      { seed: SEED, numRuns: 120, endOnFailure: true },
    );
  });
});

describe('property: the export assembler', () => {
  const paths = ['backup', 'a.pem', 'did-docs/QmAbcdefghijkl'];
  const fileArb = fc.record({ path: fc.constantFrom(...paths), size: fc.oneof(fc.nat({ max: 64 }), fc.constant(BACKUP_LIMITS.fileBytes)), sha256: fc.constant('a'.repeat(64)) });
  const chunkArb = fc.record({ path: fc.constantFrom(...paths, 'x.pem'), offset: fc.nat({ max: 100 }), contentBase64: fc.uint8Array({ maxLength: 40 }).map((b) => Buffer.from(b).toString('base64')) });
  const replyArb = (files: { path: string; size: number; sha256: string }[]) =>
    fc.record({ files: fc.constant(files), chunks: fc.array(chunkArb, { maxLength: 6 }), next: fc.option(fc.constantFrom('a', 'b', 'c', 'd'), { nil: null }) });

  it('any reply sequence ends in a result or a box error; memory never exceeds what arrived', () => {
    fc.assert(
      fc.property(
        fc.array(fileArb, { maxLength: 4 }).chain((files) => fc.array(replyArb(files), { minLength: 1, maxLength: 30 })),
        (replies) => {
          const a = new ExportAssembler();
          let calls = 0;
          try {
            for (const r of replies) {
              calls++;
              if (a.accept(r) === null) {
                a.contents();
                break;
              }
            }
          } catch (err) {
            expect(err).toBeInstanceOf(AppError);
            expect(['box-reply-invalid', 'box-connection-lost']).toContain((err as AppError).code);
          }
          expect(a.received).toBeLessThanOrEqual(a.total);
          expect(calls).toBeLessThanOrEqual(replies.length);
        },
      ),
      { seed: SEED, numRuns: 400, endOnFailure: true },
    );
  });
});
