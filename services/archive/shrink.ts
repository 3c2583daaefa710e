import { stat } from 'node:fs/promises';
import { isFromTheFuture, newestFirst } from '../../shared/clock';
import type { ShrinkFacts } from '../../shared/inspect/verdict-text';
import { judgeArchive, type BackupCounts } from '../inspect/verdict';
import type { CatalogContent } from './catalog-file';

export { CatalogContent } from './catalog-file';

/** What the guard needs of a catalog entry. */
interface Recorded {
  path: string;
  createdAt: string;
  lastFailure?: { at: string; message: string } | null;
  content?: CatalogContent;
}

/**
 * The shrink guard: a new archive is compared with the newest complete archive of the same
 * backup. An interrupted phone backup leaves the box's folder without key files or DID documents
 * (identity-box.md §4); such a copy must never pass for a good one, nor push a good one out.
 */

/** What the catalog knows of an archive's content; an entry recorded before the verdict existed is judged from its file. */
export async function contentOf(entry: Recorded): Promise<CatalogContent | null> {
  if (entry.content) return entry.content;
  if (!(await stat(entry.path).then((s) => s.isFile(), () => false))) return null;
  const verdict = await judgeArchive(entry.path);
  return { status: verdict.status, ...verdict.counts };
}

/** Complete, and not itself a shrunken copy: what retention must keep and the guard compares with. */
export const isGoodCopy = (content: CatalogContent | null): boolean => content?.status === 'ok' && !content.shrunk;

/**
 * The newest complete archive among these entries, with what it holds. Dates are bounded by now, and a
 * copy dated in the future (written while a clock was ahead) is compared with only when no other is
 * complete: otherwise it would stay "the newest" for ever and every later copy be measured against it.
 */
export async function newestComplete<T extends Recorded>(entries: readonly T[], now: number = Date.now()): Promise<{ entry: T; content: CatalogContent } | null> {
  const byDate = newestFirst(now);
  const sorted = [...entries].sort((a, b) => Number(isFromTheFuture(a.createdAt, now)) - Number(isFromTheFuture(b.createdAt, now)) || byDate(a, b));
  for (const entry of sorted.slice(0, 50)) {
    if (entry.lastFailure) continue;
    const content = await contentOf(entry);
    if (content?.status === 'ok') return { entry, content };
  }
  return null;
}

/** Fewer identities, or no bundle, than the copy compared with; null when it did not shrink. */
export function shrinkAgainst(baseline: { entry: Recorded; content: CatalogContent }, counts: BackupCounts): ShrinkFacts | null {
  const fewer = Math.max(baseline.content.keyFiles - counts.keyFiles, baseline.content.didDocuments - counts.didDocuments, 0);
  const bundleLost = baseline.content.bundle && !counts.bundle;
  return fewer > 0 || bundleLost ? { fewer, bundleLost, since: baseline.entry.createdAt } : null;
}
