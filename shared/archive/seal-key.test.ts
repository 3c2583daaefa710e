import { Decrypter, Encrypter, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { entropyToMnemonic } from '../mnemonic';
import { ageIdentity, ageRecipient, identityFromMnemonic, recipientFromMnemonic, SEAL_LABEL, sealSecretFromBackupKey, secretFromIdentity } from './seal-key';
import { backupFingerprint } from './fingerprint';

describe('the seal key derived from the words', () => {
  const key = Uint8Array.from({ length: 32 }, (_, i) => i);
  const words = entropyToMnemonic(key);

  it('is fixed for a backup key (a published test vector others can check their implementation against)', () => {
    expect(SEAL_LABEL).toBe('identity-box-companion/archive-seal/v1');
    const identity = identityFromMnemonic(words)!;
    expect(identity).toBe(ageIdentity(sealSecretFromBackupKey(key)));
    expect(identity).toMatchInlineSnapshot(`"AGE-SECRET-KEY-1CVDN4X3SEWJ6V0EFQYRSPL5799ZH8HPQF330AA62V8EMFCFZTSPSJV5PQM"`);
    expect(recipientFromMnemonic(words)).toMatchInlineSnapshot(`"age10pdx4wzxyhsyj0sd8nysensayeatj8z2jxcgaa2q38w8zzkx84lqgtuyez"`);
    expect(backupFingerprint('A'.repeat(86))).toMatchInlineSnapshot(`"gNz2wuDYrnkt2c5Q"`);
  });

  it('its recipient is the one age itself derives, and what it seals opens with the identity', async () => {
    const identity = identityFromMnemonic(words)!;
    expect(await identityToRecipient(identity)).toBe(recipientFromMnemonic(words));
    expect(secretFromIdentity(identity)).toEqual(sealSecretFromBackupKey(key));
    const e = new Encrypter();
    e.addRecipient(ageRecipient(sealSecretFromBackupKey(key)));
    const d = new Decrypter();
    d.addIdentity(identity);
    expect(Buffer.from(await d.decrypt(await e.encrypt(new Uint8Array([1, 2, 3]))))).toEqual(Buffer.from([1, 2, 3]));
  });

  it('different words give a different key', () => {
    const other = entropyToMnemonic(new Uint8Array(32).fill(9));
    expect(recipientFromMnemonic(other)).not.toBe(recipientFromMnemonic(words));
    expect(recipientFromMnemonic('not words')).toBeNull();
  });
});
