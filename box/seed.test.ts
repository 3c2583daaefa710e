import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { decryptBundle, summarizeBundle } from '../shared/bundle';
import { mnemonicToEntropy } from '../shared/mnemonic';
import { DEFAULT_BOX_PASSWORD, seedBackup } from './seed';

const dir = mkdtempSync(join(tmpdir(), 'idbox-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('seedBackup', () => {
  it('writes a backup folder as the box does', async () => {
    const seeded = await seedBackup(dir, { identities: 2, peers: 3, fastKeys: true });
    expect(seeded.backupId).toHaveLength(86);
    const names = readdirSync(seeded.folder).sort();
    expect(names).toEqual(['backup', 'did-docs', ...seeded.identityNames.map((n) => `${n}.pem`)].sort());
    expect(seeded.identityNames.every((n) => /^\d{13}[A-Za-z0-9_-]{14}$/.test(n))).toBe(true);

    const encryptedBackup = readFileSync(join(seeded.folder, 'backup'), 'utf8');
    expect(encryptedBackup).toMatch(/^[A-Za-z0-9_-]+$/);
    const summary = summarizeBundle(decryptBundle(encryptedBackup, mnemonicToEntropy(seeded.mnemonic)!));
    expect(summary).toMatchObject({ own: 2, peers: 3, names: seeded.displayNames });

    const docs = readdirSync(join(seeded.folder, 'did-docs'));
    expect(docs).toHaveLength(2);
    for (const doc of docs) {
      const json = JSON.parse(readFileSync(join(seeded.folder, 'did-docs', doc), 'utf8'));
      expect(json.id).toBe(`did:ipid:${doc}`);
      expect(json.publicKey.map((k: { type: string }) => k.type)).toEqual(['EdDsaPublicKey', 'ECDHPublicKey']);
    }
  });

  it('writes PBES2 PEMs with CRLF that OpenSSL opens with the box password (and only with it)', async () => {
    const seeded = await seedBackup(dir, { identities: 1, fastKeys: true });
    const pem = readFileSync(join(seeded.folder, `${seeded.identityNames[0]}.pem`), 'utf8');
    expect(pem.startsWith('-----BEGIN ENCRYPTED PRIVATE KEY-----\r\n')).toBe(true);
    const key = createPrivateKey({ key: pem, format: 'pem', passphrase: DEFAULT_BOX_PASSWORD });
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(() => createPrivateKey({ key: pem, format: 'pem', passphrase: 'wrong' })).toThrow();
  });
});
