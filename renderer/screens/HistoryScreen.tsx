import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { CatalogItem } from '../../shared/contract/archive';
import { useApi } from '../api';
import { age } from '../format';
import { navigate } from '../router';
import './History.css';

type Item = z.infer<typeof CatalogItem>;

/** Every verified archive this app wrote, and how old the newest verified copy of each backup is. */
export function HistoryScreen() {
  const api = useApi();
  const [items, setItems] = useState<Item[] | null>(null);
  const [retention, setRetention] = useState<number | null>(null);
  const [storage, setStorage] = useState('');
  useEffect(() => {
    void api.invoke('archive.catalog', {}).then((res) => setItems(res.ok ? res.value.archives : []));
    void api.invoke('archive.settings', {}).then((res) => {
      if (res.ok) {
        setRetention(res.value.retention);
        setStorage(res.value.storage);
      }
    });
  }, [api]);

  async function saveRetention(value: number) {
    setRetention(value);
    if (value >= 1 && value <= 1000) await api.invoke('archive.settings', { retention: value });
  }

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
      {retention !== null && (
        <section className="panel settings" aria-labelledby="settings-title">
          <h2 id="settings-title">Settings</h2>
          <div className="field">
            <label htmlFor="retention">Archives to keep per backup in each folder or stick</label>
            <input id="retention" type="number" min={1} max={1000} value={retention} onChange={(e) => void saveRetention(Number(e.target.value))} />
            <p className="hint">Older archives are deleted only after a newer one has been written and verified.</p>
          </div>
          <p className="hint">{storage}</p>
        </section>
      )}
    </div>
  );
}
