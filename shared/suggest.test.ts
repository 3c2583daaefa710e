import { describe, expect, it } from 'vitest';
import { suggestWords, WORDLIST } from './mnemonic';
import { damerauDistance, pickSuggestions } from './suggest';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Every string one typo away from `w`: a letter added, dropped, replaced, or two neighbours swapped. */
function singleEditTypos(w: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= w.length; i++) for (const c of LETTERS) out.add(w.slice(0, i) + c + w.slice(i));
  for (let i = 0; i < w.length; i++) out.add(w.slice(0, i) + w.slice(i + 1));
  for (let i = 0; i < w.length; i++) for (const c of LETTERS) out.add(w.slice(0, i) + c + w.slice(i + 1));
  for (let i = 0; i + 1 < w.length; i++) out.add(w.slice(0, i) + w[i + 1]! + w[i]! + w.slice(i + 2));
  out.delete(w);
  return out;
}

/** typo -> every list word it is one typo away from (built from the edits, independently of the distance). */
function typoNeighbourhoods(): Map<string, string[]> {
  const near = new Map<string, string[]>();
  for (const w of WORDLIST) {
    for (const t of singleEditTypos(w)) {
      const list = near.get(t);
      if (list) list.push(w);
      else near.set(t, [w]);
    }
  }
  return near;
}

describe('suggestions for a mistyped word', () => {
  it('offers "clean" for "claen": two swapped letters are one slip, the most common one', () => {
    expect(suggestWords('claen')[0]).toBe('clean');
    expect(damerauDistance('claen', 'clean', 2)).toBe(1);
  });

  it('for every single-edit typo of every one of the 2048 words, offers the word meant among the first 4', () => {
    const words = new Set(WORDLIST);
    const near = typoNeighbourhoods();
    let typos = 0;
    let typosThatAreWords = 0;
    let crowded = 0;
    const missed: string[] = [];
    for (const [typo, meant] of near) {
      // A typo that is itself a passphrase word is accepted as typed: nothing to suggest. Only these are left out.
      if (words.has(typo)) {
        typosThatAreWords++;
        continue;
      }
      // Words two edits away always rank after these (fewest edits first), so they cannot push one out.
      const suggestions = pickSuggestions(typo, meant.map((word) => ({ word, distance: 1 })));
      for (const w of meant) {
        typos++;
        // With more than 4 words one slip away (e.g. "sage": age, cage, page, safe, same, save, stage, usage, wage),
        // no 4 can hold them all: then every one of them is offered.
        const within = meant.length > 4 ? suggestions : suggestions.slice(0, 4);
        if (!within.includes(w)) missed.push(`${typo} -> ${w}: ${suggestions.join(', ')}`);
      }
      if (meant.length > 4) crowded++;
    }
    expect(missed).toEqual([]);
    // The figures the README states: 624,494 (typo, word) pairs checked; 753 typos are words themselves;
    // 857 typos are one slip from 5 to 10 words, and all of those are offered.
    expect({ typos, typosThatAreWords, crowded }).toEqual({ typos: 624494, typosThatAreWords: 753, crowded: 857 });
  });

  it('gives the same answer through the whole list as through the neighbourhoods (a sample of typos)', () => {
    const words = new Set(WORDLIST);
    const near = [...typoNeighbourhoods()].filter(([t]) => !words.has(t));
    for (let i = 0; i < near.length; i += 211) {
      const [typo, meant] = near[i]!;
      const got = suggestWords(typo);
      for (const w of meant) expect(got.slice(0, meant.length > 4 ? got.length : 4)).toContain(w);
    }
  });

  it('counts a swap of two neighbouring letters as one edit, and two slips as two', () => {
    expect(damerauDistance('abcd', 'bacd', 3)).toBe(1);
    expect(damerauDistance('abcd', 'badc', 3)).toBe(2);
    expect(damerauDistance('kitten', 'sitting', 5)).toBe(3);
    expect(damerauDistance('abc', 'abcdefg', 2)).toBe(3);
  });

  it('ranks a word sharing the start above an equally close one that does not', () => {
    // "abandonn" is one edit from "abandon" only; "zoi" is one edit from zoo and from others.
    expect(suggestWords('abandonn')[0]).toBe('abandon');
    expect(suggestWords('zoi')).toContain('zoo');
  });
});
