import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { CatalogItem } from '../../shared/contract/archive';
import { STATUS_TEXT } from '../../shared/inspect/report';
import { NOT_RESTORABLE_NEXT_STEP } from '../../shared/inspect/verdict-text';
import { formatBytes } from '../../shared/units';
import { useApi } from '../api';
import { KeptVersions } from '../components/KeptVersions';
import { SettingsLink } from '../components/SettingsLink';
import { age } from '../format';
import { navigate } from '../router';
import './History.css';

type Item = z.infer<typeof CatalogItem>;

/** A copy that can bring the identities back (not judged yet: an entry from before the verdict, judged on Copies). */
const isGood = (item: Item) => item.status === null || item.status === 'ok';

const ABSENCE: Record<NonNullable<Item['absence']>, { label: string; why: string }> = {
  'stick-not-plugged-in': { label: 'Stick not plugged in', why: 'Plug the stick in to use this archive.' },
  'folder-missing': { label: 'Folder missing', why: 'The folder it was in is gone (moved, renamed or deleted).' },
  'file-missing': { label: 'File missing', why: 'The folder is there, but the file was moved or deleted.' },
  deleted: { label: 'Deleted', why: 'It was deleted while its stick or disk was connected, so it no longer counts as a copy.' },
};

function Status({ item }: { item: Item }) {
  if (item.lastFailure) {
    return (
      <>
        <span className="badge badge-bad">Failed its last check {age(item.lastFailure.at)}</span>
        <span className="hint absence-why">
          {item.lastFailure.message} Make a fresh archive {item.removable ? 'on this stick; if that fails too, this stick may be failing.' : 'in this folder.'}
        </span>
      </>
    );
  }
  // "Verified" means it can bring the identities back: an archive of an incomplete backup is named in inspect's words.
  if (item.present && item.status && item.status !== 'ok') {
    return (
      <>
        <span className="badge badge-bad">{STATUS_TEXT[item.status]}</span>
        <span className="hint absence-why">Read back intact {age(item.verifiedAt)}, but it cannot bring all your identities back. {NOT_RESTORABLE_NEXT_STEP}</span>
      </>
    );
  }
  if (item.present) return <span className="badge badge-ok">Verified {age(item.verifiedAt)}</span>;
  const absence = ABSENCE[item.absence ?? 'file-missing'];
  return (
    <>
      <span className="badge badge-warn">{item.absence === 'deleted' && item.deletedFrom ? `Deleted from ${item.deletedFrom}` : absence.label}</span>
      <span className="hint absence-why">{absence.why}</span>
    </>
  );
}

/** Every verified archive this app wrote, how old the newest real copy is, and what to do with each. */
export function HistoryScreen() {
  const api = useApi();
  const [items, setItems] = useState<Item[] | null>(null);
  const [canReveal, setCanReveal] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const load = () => void api.invoke('archive.catalog', {}).then((res) => setItems(res.ok ? res.value.archives : []));
  useEffect(() => {
    load();
    void api.invoke('app.info', {}).then((res) => setCanReveal(res.ok && res.value.host === 'electron'));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);

  async function forget(item: Item) {
    const res = await api.invoke('archive.forgetArchive', { path: item.path });
    setNotice(res.ok ? `${item.fileName} is no longer listed here. The file itself was not touched.` : res.error.message);
    load();
  }

  // Demo archives are listed (marked DEMO) but never count as the newest copy of your backup.
  const newestPerBackup = new Map<string, Item>();
  for (const item of items ?? []) if (!item.demo && item.present && isGood(item) && !newestPerBackup.has(item.backupIdPrefix)) newestPerBackup.set(item.backupIdPrefix, item);

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
          Newest verified copy of backup <code>{item.backupIdPrefix}…</code>: <strong>{age(item.verifiedAt)}</strong>, in{' '}
          <code>{item.directory}</code>.
        </p>
      ))}
      {items && items.length > 0 && newestPerBackup.size === 0 && (
        <p className="newest">No archive of your own backup is listed yet: the ones below are demo archives or are not where they were written.</p>
      )}
      {notice && (
        <p role="status" className="history-notice">
          {notice}
        </p>
      )}
      {items && items.length > 0 && (
        <table className="history-table">
          <caption className="visually-hidden">All archives, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Archive</th>
              <th scope="col">Size</th>
              <th scope="col">Status</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {items.map((item) => (
              <tr key={item.path} className={item.demo ? 'demo-row' : undefined}>
                <td>
                  <span className="created">{new Date(item.createdAt).toLocaleString()}</span>{' '}
                  {item.demo && <span className="badge badge-demo">DEMO</span>}
                  <br />
                  <code className="archive-path">{item.path}</code>
                </td>
                <td>{formatBytes(item.bytes)}</td>
                <td>
                  <Status item={item} />
                </td>
                <td>
                  <div className="row-actions" role="group" aria-label={`Actions for ${item.fileName}`}>
                    {/* Its status says "make a fresh archive here": the row offers it (Archive opens with this place and box). */}
                    {item.lastFailure && (
                      <button
                        type="button"
                        aria-label={`Make a fresh archive ${item.removable ? 'on this stick' : 'in this folder'}: ${item.directory}`}
                        onClick={() => navigate('archive', { to: item.directory, ...(item.demo ? { box: 'demo' } : item.sourceBox ? { box: item.sourceBox } : {}) })}
                      >
                        Make a fresh archive
                      </button>
                    )}
                    {item.present && (
                      <>
                        <button type="button" onClick={() => navigate('inspect', { path: item.path })}>
                          Inspect
                        </button>
                        <button type="button" onClick={() => navigate('restore', { path: item.path })}>
                          Restore
                        </button>
                        {canReveal && (
                          <button type="button" onClick={() => void api.invoke('shell.reveal', { path: item.path })}>
                            Show in folder
                          </button>
                        )}
                      </>
                    )}
                    <button type="button" onClick={() => void forget(item)}>
                      Forget
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {items && <KeptVersions items={items} />}
      <SettingsLink what="How many archives are kept, the boxes this app remembers and automatic archiving are in" />
    </div>
  );
}
