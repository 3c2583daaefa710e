import { createBoxClient } from '../box/client';
import { normalizeBoxUrl } from '../box/url';
import { backupRef, type Catalog } from './catalog';

/**
 * Before "Archive now": does this box hold the backup of these words, and if not, which box did
 * this app last archive it from (the catalog records each archive's source box)? So words of a
 * backup that lives on another box are named as such, not met with "not found" after the click.
 * 'unknown': the box could not say (an old backup-service, or no answer); the pull then decides.
 */
export async function whichBox(catalog: Catalog, boxUrl: string, backupId: string, signal?: AbortSignal) {
  const url = normalizeBoxUrl(boxUrl);
  const digest = await createBoxClient(url)
    .backupDigest(backupId, signal)
    .catch(() => 'unknown' as const);
  const onBox: 'yes' | 'no' | 'unknown' = digest === 'unknown' ? 'unknown' : 'notFound' in digest ? 'no' : 'yes';
  const bytes = digest !== 'unknown' && !('notFound' in digest) ? digest.bytes : null;
  const ref = backupRef(backupId);
  const elsewhere = (await catalog.list().catch(() => []))
    .filter((e) => e.backupRef === ref && e.sourceBox && e.sourceBox !== url)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  return { onBox, fromBox: elsewhere?.sourceBox ?? null, bytes };
}
