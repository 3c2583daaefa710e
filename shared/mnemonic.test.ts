import { entropyToMnemonic as bip39Entropy, validateMnemonic as bip39Validate } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { backupIdFromMnemonic, isBackupId } from './backup-id';
import { checkMnemonic, completeWord, entropyToMnemonic, isValidBoxMnemonic, mnemonicToEntropy, normalizeMnemonic } from './mnemonic';

/** An independent reference: the bit layout spelled out with strings, the checksum from Node's SHA-512. */
function referenceMnemonic(entropy: Buffer): string {
  const bits = [...entropy].map((b) => b.toString(2).padStart(8, '0')).join('');
  const check = createHash('sha512').update(entropy).digest()[0]!.toString(2).padStart(8, '0').slice(0, entropy.length / 4);
  const all = bits + check;
  const words: string[] = [];
  for (let i = 0; i < all.length; i += 11) words.push(wordlist[parseInt(all.slice(i, i + 11), 2)]!);
  return words.join(' ');
}

describe('Identity Box mnemonic', () => {
  it('encodes 32 bytes as 24 words with a SHA-512 checksum', () => {
    const zero = Buffer.alloc(32);
    const words = entropyToMnemonic(zero).split(' ');
    expect(words).toHaveLength(24);
    expect(words.slice(0, 23).every((w) => w === 'abandon')).toBe(true);
    expect(words[23]).toBe(wordlist[createHash('sha512').update(zero).digest()[0]!]);
    for (let i = 0; i < 50; i++) {
      const entropy = randomBytes(32);
      expect(entropyToMnemonic(entropy)).toBe(referenceMnemonic(entropy));
    }
  });

  it('round-trips entropy and rejects a changed word', () => {
    const entropy = randomBytes(32);
    const m = entropyToMnemonic(entropy);
    expect(Buffer.from(mnemonicToEntropy(m)!)).toEqual(entropy);
    const words = m.split(' ');
    words[5] = words[5] === 'zoo' ? 'zone' : 'zoo';
    expect(mnemonicToEntropy(words.join(' '))).toBeNull();
  });

  it('differs from standard BIP-39, which rejects nearly all real box mnemonics', () => {
    let rejected = 0;
    for (let i = 0; i < 200; i++) {
      const entropy = randomBytes(32);
      const ours = entropyToMnemonic(entropy);
      expect(ours.split(' ').slice(0, 23)).toEqual(bip39Entropy(entropy, wordlist).split(' ').slice(0, 23));
      if (!bip39Validate(ours, wordlist)) rejected++;
    }
    expect(rejected).toBeGreaterThan(180);
  });

  it('accepts the box validator\'s other lengths', () => {
    for (const n of [16, 20, 24, 28]) expect(isValidBoxMnemonic(entropyToMnemonic(randomBytes(n)))).toBe(true);
  });

  it('normalises forgiving input to the canonical form', () => {
    const m = entropyToMnemonic(randomBytes(32));
    const messy = `  ${m.toUpperCase().split(' ').join('\n\t  ')}  \r\n`;
    expect(normalizeMnemonic(messy)).toBe(m);
    const check = checkMnemonic(messy);
    expect(check.status).toBe('valid');
    if (check.status === 'valid') expect(check.canonical).toBe(m);
  });

  it('gives precise results a person can act on', () => {
    const m = entropyToMnemonic(randomBytes(32)).split(' ');
    expect(checkMnemonic('').status).toBe('empty');
    const typo = [...m];
    typo[6] = 'abandonn';
    const unknown = checkMnemonic(typo.join(' '));
    expect(unknown).toMatchObject({ status: 'unknown-words', unknown: [{ position: 7, word: 'abandonn' }] });
    if (unknown.status === 'unknown-words') expect(unknown.unknown[0]!.suggestions).toContain('abandon');
    expect(checkMnemonic(m.slice(0, 23).join(' '))).toMatchObject({ status: 'wrong-count', count: 23, expected: 24 });
    const swapped = [...m];
    [swapped[0], swapped[1]] = [swapped[1]!, swapped[0]!];
    if (swapped[0] !== swapped[1] && mnemonicToEntropy(swapped.join(' ')) === null) {
      expect(checkMnemonic(swapped.join(' ')).status).toBe('checksum-mismatch');
    }
    const bad = [...m];
    bad[23] = wordlist[(wordlist.indexOf(m[23]!) + 1) % 2048]!;
    expect(checkMnemonic(bad.join(' ')).status).toBe('checksum-mismatch');
  });

  it('completes words: unique after four letters', () => {
    expect(completeWord('aban')).toEqual(['abandon']);
    expect(completeWord('ab').length).toBeGreaterThan(1);
    expect(completeWord('xyz')).toEqual([]);
  });
});

describe('backupId', () => {
  it('is base64url of SHA-512 of the canonical words, 86 characters', () => {
    const m = entropyToMnemonic(randomBytes(32));
    const id = backupIdFromMnemonic(m);
    expect(id).toBe(createHash('sha512').update(m, 'utf8').digest('base64url'));
    expect(id).toHaveLength(86);
    expect(isBackupId(id)).toBe(true);
    expect(isBackupId(id.slice(1))).toBe(false);
    expect(isBackupId(`${id.slice(0, 85)}+`)).toBe(false);
  });
});
