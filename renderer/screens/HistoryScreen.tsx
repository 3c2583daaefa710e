import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { CatalogItem } from '../../shared/contract/archive';
import { useApi } from '../api';
import { navigate } from '../router';
import './History.css';

type Item = z.infer<typeof CatalogItem>;

export function age(iso: string, now = Date.now()): string {
  const minutes = Math.round((now - Date.parse(iso)) / 60_000);
  if (minutes < 2) return 'just now';
  if (minutes < 90) return `${minutes} minutes ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 36) return `${hours} hours ago`;
  return `${Math.round(hours / 24)} days ago`;
}

/** Every verified archive this app wrote, and how old the newest verified copy of each backup is. */
export function HistoryScreen() {
  const api = useApi();
  const [items, setItems] = useState<Item[] | null>(null);
  useEffect(() => {
    void api.invoke('archive.catalog', {}).then((res) => setItems(res.ok ? res.value.archives : []));
  }, [api]);

  const newestPerBackup = new Map<string, Item>();
  for (const item of items ?? []) if (!newestPerBackup.has(item.backupIdPrefix)) newestPerBackup.set(item.backupIdPrefix, item);

  return (
    <div className="history">
      <h1>Your archives</h1>
      {items === null && <p>Loading…</p>}
      {items?.length === 0 && (
        <div className="panel">
          <p>No archive has been made with this app yet. An offline copy protects you if your box fails or is reset.</p>
          <button type="button" className="primary" onClick={() => navigate('archive')}>
            Archive my backup
          </button>
        </div>
      )}
      {[...newestPerBackup.values()].map((item) => (
        <p key={item.backupIdPrefix} className="newest">
          Newest verified copy of backup <code>{item.backupIdPrefix}…</code>: <strong>{age(item.verifiedAt)}</strong>, on{' '}
          <code>{item.directory}</code>.
        </p>
      ))}
      {items && items.length > 0 && (
        <table>
          <caption className="visually-hidden">All archives, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Created</th>
              <th scope="col">Backup</th>
              <th scope="col">Where</th>
              <th scope="col">Size</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.path}>
                <td>{new Date(item.createdAt).toLocaleString()}</td>
                <td>
                  <code>{item.backupIdPrefix}…</code>
                </td>
                <td>
                  <code>{item.path}</code>
                </td>
                <td>{(item.bytes / 1024).toFixed(1)} KB</td>
                <td>
                  {item.present ? <span className="badge badge-ok">Verified {age(item.verifiedAt)}</span> : <span className="badge badge-warn">Stick not plugged in</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
