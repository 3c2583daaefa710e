import type { z } from 'zod';
import type { CatalogItem } from '../../shared/contract/archive';

export interface NewestArchive {
  backupIdPrefix: string;
  when: string;
  where: string;
}

/**
 * Home's "newest verified archive", one per backup of one's own (the catalog is newest first), so
 * with two backups each line can say which it is about. Demo archives are not the person's backup,
 * and a copy that cannot bring the identities back (the verdict) is never "verified".
 */
export function newestArchives(archives: readonly z.infer<typeof CatalogItem>[]): NewestArchive[] {
  const seen = new Map<string, NewestArchive>();
  for (const a of archives) {
    if (a.demo || (a.status !== null && a.status !== 'ok') || seen.has(a.backupIdPrefix)) continue;
    seen.set(a.backupIdPrefix, { backupIdPrefix: a.backupIdPrefix, when: a.verifiedAt, where: a.directory });
  }
  return [...seen.values()];
}
