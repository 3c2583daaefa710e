import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { CatalogItem } from '../../shared/contract/archive';
import { newestArchives } from './newest-archives';

const item = (prefix: string, dir: string, over: Partial<z.infer<typeof CatalogItem>> = {}): z.infer<typeof CatalogItem> => ({
  path: `${dir}/a.idbox`,
  directory: dir,
  fileName: 'a.idbox',
  backupIdPrefix: prefix,
  sourceBox: null,
  createdAt: '2026-12-07T10:00:00.000Z',
  bytes: 1,
  sha256: 'x',
  verifiedAt: '2026-12-07T10:00:00.000Z',
  present: true,
  absence: null,
  deletedFrom: null,
  demo: false,
  removable: false,
  lastFailure: null,
  status: 'ok',
  ...over,
});

describe("Home's newest verified archive", () => {
  it('with two backups of one\'s own, one line per backup, each naming it (newest first in the catalog)', () => {
    const lines = newestArchives([item('x7TIxWkA', '/media/K'), item('KeJUDRCn', '/home/me/Backups'), item('x7TIxWkA', '/old')]);
    expect(lines).toEqual([
      { backupIdPrefix: 'x7TIxWkA', when: '2026-12-07T10:00:00.000Z', where: '/media/K' },
      { backupIdPrefix: 'KeJUDRCn', when: '2026-12-07T10:00:00.000Z', where: '/home/me/Backups' },
    ]);
  });

  it('never names a demo archive or one that cannot bring the identities back', () => {
    expect(newestArchives([item('S-7PLZWw', '/d', { demo: true }), item('x7TIxWkA', '/bad', { status: 'incomplete' }), item('x7TIxWkA', '/good')]).map((l) => l.where)).toEqual(['/good']);
  });
});
