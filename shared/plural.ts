/**
 * A whole count with thousands separators, as `toLocaleString('en-US')` writes it ("20,000"),
 * without loading the locale data (that costs a command line ~15 ms at its first call).
 */
export function formatCount(count: number): string {
  if (!Number.isSafeInteger(count)) return count.toLocaleString('en-US');
  const digits = String(Math.abs(count));
  let out = '';
  for (let i = 0; i < digits.length; i++) out += (i > 0 && (digits.length - i) % 3 === 0 ? ',' : '') + digits[i];
  return count < 0 ? `-${out}` : out;
}

/** "1 file", "4 files", "1 older archive", "0 identities": a count with the right form of its noun. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${formatCount(count)} ${count === 1 ? one : many}`;
}
