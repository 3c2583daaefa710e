import { createHash } from 'node:crypto';
import type { CatalogEntry } from '../../services/archive/catalog';

const hex = (s: string) => createHash('sha256').update(s).digest('hex');

/** A catalog entry for a made-up archive named after `name` (its own backup, so retention keeps it). */
export function fakeCatalogEntry(name: string): CatalogEntry {
  const now = new Date().toISOString();
  return {
    path: `/nonexistent/idbox-catalog-test/${name}.idbox`,
    directory: '/nonexistent/idbox-catalog-test',
    fileName: `${name}.idbox`,
    backupIdPrefix: 'AAAAAAAA',
    backupRef: hex(`ref:${name}`),
    sourceBox: 'http://127.0.0.1:1',
    createdAt: now,
    bytes: 1,
    sha256: hex(name),
    verifiedAt: now,
    cacheBypassed: false,
    filesystem: 'ext4',
    demo: false,
    removable: false,
  };
}
