import type { z } from 'zod';
import type { CatalogItem } from '../../shared/contract/archive';
import { explainReport } from '../../shared/inspect/explain';
import type { Report } from '../../shared/inspect/report';
import { age } from '../format';

type Copy = z.infer<typeof CatalogItem>;

/** What an inspection result means for the owner, which files are affected, and what to do next (with the other copies this app knows). */
export function ReportMeaning({ report, otherCopies }: { report: Report; otherCopies: Copy[] }) {
  const e = explainReport(report, otherCopies.length);
  if (report.status === 'ok') return <p className="no-problems">{e.meaning}</p>;
  return (
    <div className="panel panel-warn report-meaning">
      <h3>What this means</h3>
      <p>
        <strong>{e.meaning}</strong>
      </p>
      {e.affected.length > 0 && (
        <>
          <p>Affected:</p>
          <ul>
            {e.affected.map((a) => (
              <li key={a.path}>
                <code>{a.path}</code>: {a.role}
              </li>
            ))}
          </ul>
        </>
      )}
      <h3>What to do next</h3>
      <ol>
        {e.next.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ol>
      {otherCopies.length > 0 && (
        <>
          <h4>Your other copies of this backup</h4>
          <ul className="other-copies">
            {otherCopies.map((c) => (
              <li key={c.path}>
                <code>{c.path}</code>, made {new Date(c.createdAt).toLocaleString()}, verified {age(c.verifiedAt)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
