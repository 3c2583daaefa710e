/**
 * Suggestions for a mistyped passphrase word. A person's typos are one edit away from the word they
 * meant far more often than not: a letter added, dropped, replaced, or two neighbours swapped
 * ("claen" for "clean"). So candidates are ranked by the restricted Damerau-Levenshtein distance
 * (optimal string alignment: a swap of two adjacent letters is ONE edit), then by how long a start
 * they share with the typed word, then by how close their length is, then alphabetically.
 */

/** Optimal string alignment distance, or max + 1 as soon as it must exceed max. */
export function damerauDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2]! + 1);
      cur.push(v);
      rowMin = Math.min(rowMin, v);
    }
    if (rowMin > max) return max + 1;
    prev2 = prev;
    prev = cur;
  }
  return prev[b.length]!;
}

function sharedStart(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
}

export interface Candidate {
  word: string;
  /** Damerau distance from what was typed. */
  distance: number;
}

/** The order of suggestions: fewest edits, then the longest shared start, then the closest length, then A-Z. */
export function byLikelihood(typed: string): (x: Candidate, y: Candidate) => number {
  const w = typed.toLowerCase();
  const key = (c: Candidate) => ({ p: sharedStart(w, c.word), l: Math.abs(w.length - c.word.length) });
  return (x, y) => {
    const kx = key(x);
    const ky = key(y);
    return x.distance - y.distance || ky.p - kx.p || kx.l - ky.l || (x.word < y.word ? -1 : x.word > y.word ? 1 : 0);
  };
}

/**
 * The suggestions among `candidates` (each within two edits): the `limit` most likely, or every word
 * one edit away when more than `limit` are (at most 10 in the passphrase list, as for "sage"), since
 * leaving out one of several equally close words could leave out the one the person meant.
 */
export function pickSuggestions(typed: string, candidates: readonly Candidate[], limit = 4): string[] {
  const ranked = [...candidates].sort(byLikelihood(typed));
  const oneEdit = ranked.filter((c) => c.distance <= 1).length;
  return ranked.slice(0, Math.max(limit, oneEdit)).map((c) => c.word);
}

/** Suggestions from `list` for a typed word that is not in it, most likely first. */
export function rankSuggestions(typed: string, list: readonly string[], limit = 4): string[] {
  const w = typed.toLowerCase();
  if (!w) return [];
  const candidates = list.map((word) => ({ word, distance: damerauDistance(w, word, 2) })).filter((c) => c.distance <= 2);
  return pickSuggestions(w, candidates, limit);
}
