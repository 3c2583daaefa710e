import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ArchiveCandidate } from '../../shared/contract/restore';
import { groupByBackup } from './KnownArchives';

type Candidate = z.infer<typeof ArchiveCandidate>;
const archive = (name: string, prefix: string | null, createdAt: string | null, restorable: boolean | null, demo = false): Candidate => ({
  path: `/media/K/${name}`,
  fileName: name,
  where: 'KINGSTON',
  createdAt,
  backupIdPrefix: prefix,
  matches: null,
  demo,
  restorable,
});

describe("Restore's list of known archives", () => {
  it('groups by backup and offers the newest good copy first: a newer damaged one comes after it', () => {
    const groups = groupByBackup([
      archive('damaged-newest', 'x7TIxWkA', '2026-12-07T12:00:00.000Z', false),
      archive('good-older', 'x7TIxWkA', '2026-12-06T12:00:00.000Z', true),
      archive('good-oldest', 'x7TIxWkA', '2026-12-01T12:00:00.000Z', true),
      archive('not-judged', 'x7TIxWkA', '2026-12-07T11:00:00.000Z', null),
      archive('demo', 'S-7PLZWw', '2026-12-07T13:00:00.000Z', true, true),
      archive('other', 'KeJUDRCn', '2026-12-05T12:00:00.000Z', true),
      archive('unreadable', null, null, null),
    ]);
    expect(groups.map((g) => g.backupIdPrefix)).toEqual(['x7TIxWkA', 'KeJUDRCn', 'S-7PLZWw', null]);
    expect(groups[0]!.archives.map((a) => a.fileName)).toEqual(['good-older', 'good-oldest', 'not-judged', 'damaged-newest']);
  });
});
