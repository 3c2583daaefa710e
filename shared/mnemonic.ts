import { sha512 } from '@noble/hashes/sha2.js';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { rankSuggestions } from './suggest';

/**
 * The Identity Box passphrase mnemonic: BIP-39's English list and bit layout, but the checksum is
 * the first ENT/32 bits of SHA-512 of the entropy (BIP-39 uses SHA-256). 32 bytes -> 24 words.
 */
export const WORDLIST: readonly string[] = wordlist;
export const WORD_COUNT = 24;
const INDEX = new Map(WORDLIST.map((w, i) => [w, i]));
const VALID_COUNTS = new Set([12, 15, 18, 21, 24]);

export function isWord(word: string): boolean {
  return INDEX.has(word);
}

/** Trim, NFKD, lower-case, collapse any whitespace and line breaks to single spaces. */
export function normalizeMnemonic(text: string): string {
  return text.normalize('NFKD').toLowerCase().trim().split(/\s+/u).filter(Boolean).join(' ');
}

function checksumBits(entropy: Uint8Array): { bits: number; value: number } {
  const bits = (entropy.length * 8) / 32;
  const hash = sha512(entropy);
  return { bits, value: hash[0]! >> (8 - bits) };
}

export function entropyToMnemonic(entropy: Uint8Array): string {
  if (![16, 20, 24, 28, 32].includes(entropy.length)) throw new Error('entropy must be 16 to 32 bytes in steps of 4');
  const { bits, value } = checksumBits(entropy);
  const words: string[] = [];
  let acc = 0;
  let accBits = 0;
  const push = (v: number, n: number) => {
    acc = (acc << n) | v;
    accBits += n;
    while (accBits >= 11) {
      accBits -= 11;
      words.push(WORDLIST[(acc >> accBits) & 0x7ff]!);
      acc &= (1 << accBits) - 1;
    }
  };
  for (const byte of entropy) push(byte, 8);
  push(value, bits);
  return words.join(' ');
}

/** The entropy of a canonical mnemonic, or null when a word is unknown or the checksum fails. */
export function mnemonicToEntropy(mnemonic: string): Uint8Array | null {
  const words = mnemonic.split(' ');
  if (!VALID_COUNTS.has(words.length)) return null;
  const totalBits = words.length * 11;
  const checksumLength = totalBits / 33;
  const entropy = new Uint8Array((totalBits - checksumLength) / 8);
  let acc = 0;
  let accBits = 0;
  let o = 0;

  for (const word of words) {
    const index = INDEX.get(word);
    if (index === undefined) return null;
    acc = (acc << 11) | index;
    accBits += 11;
    while (accBits >= 8 && o < entropy.length) {
      accBits -= 8;
      entropy[o++] = (acc >> accBits) & 0xff;
      acc &= (1 << accBits) - 1;
    }
  }
  const checksum = acc & ((1 << accBits) - 1);
  if (accBits !== checksumLength) return null;
  return checksumBits(entropy).value === checksum ? entropy : null;
}

export interface UnknownWord {
  /** 1-based position, as a person counts. */
  position: number;
  word: string;
  suggestions: string[];
}

export type MnemonicCheck =
  | { status: 'empty' }
  | { status: 'unknown-words'; count: number; unknown: UnknownWord[] }
  | { status: 'wrong-count'; count: number; expected: number }
  | { status: 'checksum-mismatch'; count: number }
  | { status: 'valid'; count: number; canonical: string; entropy: Uint8Array };

/**
 * Checks typed words in the order a person can act on: unknown words first (with suggestions),
 * then the count, then the checksum. `expected` is 24 for everything the box produces.
 */
export function checkMnemonic(text: string, expected = WORD_COUNT): MnemonicCheck {
  const canonical = normalizeMnemonic(text);
  if (!canonical) return { status: 'empty' };
  const words = canonical.split(' ');
  const unknown: UnknownWord[] = [];
  words.forEach((word, i) => {
    if (!isWord(word)) unknown.push({ position: i + 1, word, suggestions: suggestWords(word) });
  });
  if (unknown.length) return { status: 'unknown-words', count: words.length, unknown };
  if (words.length !== expected) return { status: 'wrong-count', count: words.length, expected };
  const entropy = mnemonicToEntropy(canonical);
  if (!entropy) return { status: 'checksum-mismatch', count: words.length };
  return { status: 'valid', count: words.length, canonical, entropy };
}

/** The box's own validator: accepts 12 to 24 words with the SHA-512 checksum. */
export function isValidBoxMnemonic(text: string): boolean {
  const canonical = normalizeMnemonic(text);
  return mnemonicToEntropy(canonical) !== null;
}

/** Words starting with the prefix (BIP-39 words are unique after 4 letters). */
export function completeWord(prefix: string, limit = 6): string[] {
  const p = prefix.toLowerCase();
  if (!p) return [];
  const out: string[] = [];
  for (const w of WORDLIST) {
    if (w.startsWith(p)) {
      out.push(w);
      if (out.length >= limit) break;
    }
  }
  return out;
}

/** Close words for a mistyped one: fewest edits (a swap of two letters is one), then the longest shared start. */
export function suggestWords(word: string, limit = 4): string[] {
  return rankSuggestions(word, WORDLIST, limit);
}
