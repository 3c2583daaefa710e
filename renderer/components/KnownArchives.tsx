import { useId } from 'react';
import type { z } from 'zod';
import type { ArchiveCandidate } from '../../shared/contract/restore';
import './KnownArchives.css';

type Candidate = z.infer<typeof ArchiveCandidate>;

interface Group {
  key: string;
  backupIdPrefix: string | null;
  demo: boolean;
  archives: Candidate[];
}

/** Good copies first (restorable by the verdict), then not judged yet, then those that cannot bring the identities back. */
const goodness = (a: Candidate) => (a.restorable === true ? 0 : a.restorable === null ? 1 : 2);

/**
 * Archives grouped by the backup they hold, in each group the newest good copy first (then newest
 * first); the group with the newest archive first; unreadable ones last.
 */
export function groupByBackup(archives: readonly Candidate[]): Group[] {
  const groups = new Map<string, Group>();
  for (const a of archives) {
    const key = a.backupIdPrefix ?? '';
    const g = groups.get(key) ?? { key, backupIdPrefix: a.backupIdPrefix, demo: a.demo, archives: [] };
    g.archives.push(a);
    groups.set(key, g);
  }
  const newest = (g: Group) => g.archives[0]?.createdAt ?? '';
  for (const g of groups.values()) g.archives.sort((a, b) => goodness(a) - goodness(b) || (b.createdAt ?? '').localeCompare(a.createdAt ?? ''));
  return [...groups.values()].sort((a, b) => Number(a.backupIdPrefix === null) - Number(b.backupIdPrefix === null) || Number(a.demo) - Number(b.demo) || newest(b).localeCompare(newest(a)));
}

/** The archives this app knows (on attached sticks and in the folders it archived to), one list per backup. */
export function KnownArchives({ archives, onPick, headingLevel = 3 }: { archives: readonly Candidate[]; onPick(path: string): void; headingLevel?: 2 | 3 }) {
  const id = useId();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <div className="known-archives">
      {groupByBackup(archives).map((g) => (
        <section key={g.key} aria-labelledby={`${id}-${g.key}`}>
          <Heading id={`${id}-${g.key}`} className="known-group">
            {g.backupIdPrefix ? (
              <>
                {g.demo ? 'Demo backup' : 'Backup'} <code>{g.backupIdPrefix}…</code>
              </>
            ) : (
              'Files that could not be read'
            )}
            <span className="hint"> · {g.archives.length === 1 ? '1 archive' : `${g.archives.length} archives, newest good copy first`}</span>
          </Heading>
          <ul className="candidates">
            {g.archives.map((c) => (
              <li key={c.path}>
                <button type="button" onClick={() => onPick(c.path)}>
                  <strong>{c.fileName}</strong> on {c.where}
                  {c.demo && (
                    <>
                      {' '}
                      <span className="badge badge-demo">DEMO</span>
                    </>
                  )}
                  {c.createdAt ? ` — made ${new Date(c.createdAt).toLocaleString()}` : ' — could not be read'}
                  {c.restorable === false && (
                    <>
                      {' '}
                      <span className="badge badge-bad">Cannot bring all your identities back</span>
                    </>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}
