import { useEffect, useId, useState } from 'react';
import type { z } from 'zod';
import type { ArchiveCandidate } from '../../shared/contract/restore';
import { useApi } from '../api';
import { KnownArchives } from '../components/KnownArchives';

/** Archives found on attached sticks and in the folders the app archived to (by backup, the newest good copy first), and a path or file picker. */
export function ArchivePicker({ onPick }: { onPick(path: string): void }) {
  const api = useApi();
  const id = useId();
  const [found, setFound] = useState<z.infer<typeof ArchiveCandidate>[] | null>(null);
  const [nativeDialogs, setNativeDialogs] = useState(false);
  const [path, setPath] = useState('');

  useEffect(() => {
    const load = () => void api.invoke('restore.candidates', {}).then((res) => setFound(res.ok ? res.value.archives : []));
    load();
    void api.invoke('app.info', {}).then((res) => res.ok && setNativeDialogs(res.value.nativeDialogs));
    return api.on('drives.changed', load);
  }, [api]);

  async function browse() {
    const res = await api.invoke('dialog.pick', { kind: 'archive-file', title: 'Choose an archive' });
    if (res.ok && res.value.path) onPick(res.value.path);
  }

  return (
    <section className="panel" aria-labelledby={`${id}-t`}>
      <h2 id={`${id}-t`}>Choose the archive</h2>
      {found === null && <p>Looking for archives on your sticks and in your folders…</p>}
      {found?.length === 0 && <p className="hint">No archive was found on an attached stick or in a folder this app archived to. Plug in your stick, or give the file below.</p>}
      {found && found.length > 0 && (
        <KnownArchives archives={found} onPick={onPick} />
      )}
      {nativeDialogs ? (
        <button type="button" onClick={() => void browse()}>
          Choose an archive file…
        </button>
      ) : (
        <div className="field">
          <label htmlFor={`${id}-p`}>Path of the archive file (.idbox)</label>
          <div className="path-row">
            <input
              id={`${id}-p`}
              value={path}
              onChange={(e) => setPath(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && path.trim() && onPick(path.trim())}
              spellCheck={false}
              placeholder="/media/you/STICK/idbox-….idbox"
            />
            <button type="button" className="primary" disabled={!path.trim()} onClick={() => onPick(path.trim())}>
              Open
            </button>
          </div>
        </div>
      )}
    </section>
  );
}
