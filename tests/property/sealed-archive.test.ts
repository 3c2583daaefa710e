import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sealKeyFile } from '../../services/archive/seal';
import { backupFingerprint, FINGERPRINT_RE } from '../../shared/archive/fingerprint';
import { ARCHIVE_FORMAT, Manifest, manifestBelongsTo, memberEntries, SEALING, sealedSize } from '../../shared/archive/manifest';
import { checkSealedFile, plainSizeOf } from '../../shared/archive/sealed-file';
import { ageRecipient, sealSecretFromBackupKey } from '../../shared/archive/seal-key';
import { SEED } from './corpus';

// Property tests over archive format 2: the manifest schema (what a reader accepts) and the
// sealed-file reader (any bytes: a verdict, never a throw; its sizes agree with the writer's).
const opts = (numRuns: number) => ({ seed: SEED, numRuns, endOnFailure: true });
const hex64 = fc.stringMatching(/^[0-9a-f]{64}$/);
const keyName = fc.stringMatching(/^[A-Za-z0-9]{1,40}$/);
const backupId = fc.stringMatching(/^[A-Za-z0-9_-]{85}[AQgw]$/);

const v2 = fc.record({ names: fc.uniqueArray(keyName, { minLength: 0, maxLength: 8 }), sizes: fc.array(fc.nat({ max: 300_000 }), { minLength: 8, maxLength: 8 }), id: backupId, sha: hex64 }).map(({ names, sizes, id, sha }) => ({
  id,
  manifest: {
    format: ARCHIVE_FORMAT,
    formatVersion: 2 as const,
    createdAt: '2026-12-07T09:00:00.000Z',
    app: { name: 't', version: '0' },
    source: { box: null },
    backupFingerprint: backupFingerprint(id),
    sealing: { ...SEALING },
    files: [{ path: 'backup', size: 10, sha256: sha }, ...names.map((n, i) => ({ path: `${n}.pem`, size: sizes[i]!, sha256: sha, sealed: { size: sealedSize(sizes[i]!), sha256: sha } }))],
  },
}));

describe('property: the format-2 manifest', () => {
  it('a manifest as the writer makes it is accepted, holds no id, and matches its own backup only', () => {
    fc.assert(
      fc.property(v2, backupId, ({ id, manifest }, other) => {
        const parsed = Manifest.parse(manifest);
        expect(JSON.stringify(parsed)).not.toContain(id);
        expect(manifestBelongsTo(parsed, id)).toBe(true);
        if (other !== id) expect(manifestBelongsTo(parsed, other)).toBe(false);
        expect(memberEntries(parsed).every((m, i) => { const f = manifest.files[i]! as { size: number; sealed?: { size: number } }; return m.size === (f.sealed?.size ?? f.size); })).toBe(true);
        expect(FINGERPRINT_RE.test(parsed.formatVersion === 2 ? parsed.backupFingerprint : '')).toBe(true);
      }),
      opts(200),
    );
  });

  it('a key file left unsealed, a sealed non-key file, a wrong sealed size, an extra id field: refused', () => {
    fc.assert(
      fc.property(v2, fc.nat({ max: 3 }), ({ id, manifest }, how) => {
        const m = structuredClone(manifest) as Record<string, unknown> & { files: Record<string, unknown>[] };
        const pem = m.files.find((f) => String(f.path).endsWith('.pem'));
        if (how === 0 && pem) delete pem.sealed;
        else if (how === 1) m.files[0]!.sealed = { size: sealedSize(10), sha256: '0'.repeat(64) };
        else if (how === 2 && pem) pem.sealed = { size: (pem.sealed as { size: number }).size + 1, sha256: '0'.repeat(64) };
        else m.backupId = id;
        expect(Manifest.safeParse(m).success).toBe(false);
      }),
      opts(200),
    );
  });
});

describe('property: the sealed-file reader', () => {
  it('any bytes: a verdict, never a throw', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 2048 }), fc.boolean(), (bytes, prefixed) => {
        const input = prefixed ? Buffer.concat([Buffer.from('age-encryption.org/v1\n-> X25519 '), bytes]) : Buffer.from(bytes);
        const r = checkSealedFile(input);
        expect(typeof r.ok).toBe('boolean');
      }),
      opts(500),
    );
  });

  it('sizes: plainSizeOf inverts sealedSize for every plaintext size, and is null where no size fits', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000_000 }), (n) => {
        expect(plainSizeOf(sealedSize(n))).toBe(n);
        const near = plainSizeOf(sealedSize(n) + 1);
        if (near !== null) expect(sealedSize(near)).toBe(sealedSize(n) + 1);
      }),
      opts(500),
    );
  });

  it('a real sealed file reads as sealed with its size; a flipped version line is refused, a cut never passes for the same file', async () => {
    const recipient = ageRecipient(sealSecretFromBackupKey(new Uint8Array(32).fill(7)));
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 70_000 }), fc.nat({ max: 167 }), fc.integer({ min: 1, max: 255 }), async (content, at, bits) => {
        const sealed = (await sealKeyFile(recipient, content)).bytes;
        expect(checkSealedFile(sealed)).toEqual({ ok: true, plainSize: content.length });
        const flipped = Buffer.from(sealed);
        flipped[at] = flipped[at]! ^ bits;
        const r = checkSealedFile(flipped);
        // A flip inside a base64 field may still be base64: then the seal itself (its MAC) refuses it on opening.
        if (r.ok) expect(at).toBeGreaterThan(21);
        // A cut file never passes for the key file it was: at most for a shorter one (the manifest's size then refuses it).
        const cut = checkSealedFile(sealed.subarray(0, sealed.length - 1));
        expect(cut.ok && cut.plainSize === content.length).toBe(false);
      }),
      opts(40),
    );
  });
});
