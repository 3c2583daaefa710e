import { useId, useMemo, useState } from 'react';
import type { z } from 'zod';
import type { ScanItem } from '../../shared/contract/inspect';
import { plural } from '../../shared/plural';
import { formatBytes } from '../../shared/units';
import { BreakableName, fileName } from '../components/BreakableName';
import { StatusBadge } from './ReportView';

type Item = z.infer<typeof ScanItem>;
type SortKey = 'status' | 'createdAt' | 'path' | 'backupId' | 'size';
type Filter = 'all' | 'problems' | 'ok';

/** Problems first, the worst first: unreadable, damaged, incomplete, then the good ones. */
const STATUS_ORDER: Record<Item['status'], number> = { invalid: 0, corrupt: 1, incomplete: 2, ok: 3 };

/** "47 complete and intact, 3 with problems": what a batch came to, before any row. */
export function scanSummary(items: readonly Item[]): string {
  const ok = items.filter((i) => i.status === 'ok').length;
  const bad = items.length - ok;
  if (items.length === 0) return 'No archives found here';
  if (bad === 0) return items.length === 1 ? '1 archive, complete and intact' : `${items.length} archives, all complete and intact`;
  if (ok === 0) return items.length === 1 ? '1 archive, with problems' : `${items.length} archives, all with problems`;
  return `${ok} complete and intact, ${bad} with problems`;
}

function compare(key: SortKey, a: Item, b: Item): number {
  switch (key) {
    case 'status':
      return STATUS_ORDER[a.status] - STATUS_ORDER[b.status];
    case 'size':
      return a.size - b.size;
    case 'path':
      return fileName(a.path).localeCompare(fileName(b.path));
    default:
      return String(a[key] ?? '').localeCompare(String(b[key] ?? ''));
  }
}

/**
 * The rows in the order asked for. Ties (every archive of one day, every good one) fall back to the
 * newest first, then to the file name, so the same folder lists the same way on every scan (the scan
 * itself finishes its files in any order).
 */
export function orderScanRows(items: Item[], key: SortKey, desc: boolean): Item[] {
  return items.sort((a, b) => (desc ? -1 : 1) * compare(key, a, b) || compare('createdAt', b, a) || compare('path', a, b));
}

/**
 * The result of checking every archive in a folder: the summary first, problems first, a filter
 * by status and sortable columns (each a button, so the keyboard sorts too).
 */
export function ScanResults({ items, truncated, onOpen }: { items: Item[]; truncated: boolean; onOpen(path: string): void }) {
  const id = useId();
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'status', desc: false });
  const [filter, setFilter] = useState<Filter>('all');
  const problems = items.filter((i) => i.status !== 'ok').length;

  const rows = useMemo(() => {
    const shown = items.filter((i) => filter === 'all' || (filter === 'ok') === (i.status === 'ok'));
    return orderScanRows(shown, sort.key, sort.desc);
  }, [items, sort, filter]);

  const header = (key: SortKey, label: string, className?: string) => (
    <th scope="col" className={className} aria-sort={sort.key === key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
      <button type="button" className="sort" onClick={() => setSort((s) => ({ key, desc: s.key === key ? !s.desc : key === 'createdAt' || key === 'size' }))}>
        {label}
        {sort.key === key ? (sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    </th>
  );

  const choices: [Filter, string][] = [
    ['all', `All (${items.length})`],
    ['problems', `With problems (${problems})`],
    ['ok', `Complete and intact (${items.length - problems})`],
  ];
  return (
    <section className="panel scan-results" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} className={problems ? 'scan-summary-bad' : undefined}>
        {scanSummary(items)}
      </h2>
      <p className="hint">
        {plural(items.length, 'archive')} checked{truncated ? ' (the first ones only: this folder holds more than the app reads at once)' : ''}.
        {problems > 0 && ' Those with problems are listed first.'}
      </p>
      {items.length > 0 && (
        <>
          <fieldset className="scan-filter">
            <legend>Show</legend>
            {choices.map(([value, label]) => (
              <label key={value}>
                <input type="radio" name={`${id}-filter`} checked={filter === value} onChange={() => setFilter(value)} /> {label}
              </label>
            ))}
          </fieldset>
          <table className="scan-table">
            <thead>
              <tr>
                {header('status', 'Status')}
                {header('path', 'File')}
                {header('createdAt', 'Created')}
                {header('backupId', 'Backup')}
                {header('size', 'Size', 'nowrap')}
              </tr>
            </thead>
            <tbody>
              {rows.map((item) => (
                <tr key={item.path} className={item.status === 'ok' ? undefined : 'scan-problem'}>
                  <td>
                    <StatusBadge status={item.status} />
                  </td>
                  <td>
                    <button type="button" className="link-button" aria-label={fileName(item.path)} onClick={() => onOpen(item.path)}>
                      <BreakableName name={fileName(item.path)} />
                    </button>
                    {item.reason && <div className="scan-reason">{item.reason}</div>}
                  </td>
                  <td>
                    {item.createdAt ? (
                      <>
                        {/* Wraps between the date and the time, never inside either. */}
                        <span className="nowrap">{new Date(item.createdAt).toLocaleDateString(undefined, { dateStyle: 'medium' })}</span>{' '}
                        <span className="nowrap">{new Date(item.createdAt).toLocaleTimeString(undefined, { timeStyle: 'short' })}</span>
                      </>
                    ) : (
                      '—'
                    )}
                  </td>
                  <td>{item.backupId ? <code>{item.backupId}…</code> : '—'}</td>
                  <td className="nowrap">{formatBytes(item.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
