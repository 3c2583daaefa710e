/**
 * Cuts a text to at most `max` UTF-16 units where it enters a record or a message with a limit
 * (a stick's label, a failure notice): the end becomes "…", so a reader sees it was cut, and a
 * character made of two units is never split in half.
 */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 0) return '';
  let out = '';
  for (const ch of text) {
    if (out.length + ch.length > max - 1) break;
    out += ch;
  }
  return `${out}…`;
}

interface TooBig {
  code: string;
  origin?: string;
  maximum?: number | bigint;
  path: PropertyKey[];
}

/**
 * A copy of `value` with each string a schema found too long (`issues` from a failed safeParse)
 * cut to its maximum: so a message that fits its meaning is cut, never dropped. Null when some
 * issue is not a too-long text (then cutting would not help).
 */
export function cutTooLong<T>(value: T, issues: readonly TooBig[]): T | null {
  if (!issues.length || !issues.every((i) => i.code === 'too_big' && i.origin === 'string' && typeof i.maximum === 'number')) return null;
  const copy = structuredClone(value) as unknown;
  for (const issue of issues) {
    if (!issue.path.length) {
      if (typeof copy !== 'string') return null;
      return cutText(copy, Number(issue.maximum)) as T;
    }
    let parent = copy as Record<PropertyKey, unknown> | null;
    for (const key of issue.path.slice(0, -1)) parent = (parent?.[key] ?? null) as Record<PropertyKey, unknown> | null;
    const last = issue.path.at(-1)!;
    const text = parent?.[last];
    if (typeof text !== 'string') return null;
    parent![last] = cutText(text, Number(issue.maximum));
  }
  return copy as T;
}
