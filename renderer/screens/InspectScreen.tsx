import { useEffect, useId, useRef, useState } from 'react';
import type { z } from 'zod';
import { API_GLOBAL } from '../../shared/contract';
import type { inspectCalls, ScanItem } from '../../shared/contract/inspect';
import type { CatalogItem } from '../../shared/contract/archive';
import type { Volume } from '../../shared/contract/drives';
import type { ArchiveCandidate } from '../../shared/contract/restore';
import { explainReport } from '../../shared/inspect/explain';
import type { AppErrorData } from '../../shared/errors';
import { useApi } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import { FolderBrowser } from '../components/FolderBrowser';
import { KnownArchives } from '../components/KnownArchives';
import { routeParam } from '../router';
import { useOperation } from '../useOperation';
import { ReportView } from './ReportView';
import { ScanResults } from './ScanResults';
import './Inspect.css';

type Inspected = z.infer<(typeof inspectCalls)['inspect.path']['result']> & { openedPath?: string };
type Item = z.infer<typeof ScanItem>;

/** Electron's preload can turn a dropped file into a path; a browser page cannot. */
function pathForDrop(file: File): string | null {
  const api = (window as unknown as Record<string, { pathForFile?: (f: File) => string } | undefined>)[API_GLOBAL];
  return api?.pathForFile ? api.pathForFile(file) : null;
}

/** A short answer for a path that holds nothing to inspect: what it is not, and what to choose instead. */
function NotAnArchive({ title, next, path }: { title: string; next: string; path?: string }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [title, path]);
  return (
    <section className="panel panel-error" role="alert" aria-labelledby="not-archive-title">
      <h2 id="not-archive-title" ref={heading} tabIndex={-1}>
        {title}
      </h2>
      {path && (
        <p>
          <code>{path}</code>
        </p>
      )}
      <p className="next-step">{next}</p>
    </section>
  );
}

/** Inspect an archive (or a raw box folder), or scan a stick: status per archive, then a full report. */
export function InspectScreen() {
  const api = useApi();
  const op = useOperation();
  const id = useId();
  // From History's "Inspect" on a row: that archive, inspected straight away.
  const [path, setPath] = useState(() => routeParam('path') ?? '');
  const [scanDir, setScanDir] = useState('');
  const [volumes, setVolumes] = useState<Volume[]>([]);
  const [native, setNative] = useState(false);
  const [inspected, setInspected] = useState<Inspected | null>(null);
  const [items, setItems] = useState<{ items: Item[]; truncated: boolean } | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notThere, setNotThere] = useState(false);
  const [otherCopies, setOtherCopies] = useState<z.infer<typeof CatalogItem>[]>([]);
  const [busy, setBusy] = useState(false);

  const [browsing, setBrowsing] = useState(false);
  const [known, setKnown] = useState<z.infer<typeof ArchiveCandidate>[] | null>(null);
  useEffect(() => {
    const load = () => void api.invoke('restore.candidates', {}).then((res) => setKnown(res.ok ? res.value.archives : []));
    load();
    return api.on('drives.changed', load);
  }, [api]);

  useEffect(() => {
    void api.invoke('drives.list', {}).then((res) => res.ok && setVolumes(res.value.volumes));
    void api.invoke('app.info', {}).then((res) => res.ok && setNative(res.value.nativeDialogs));
    return api.on('drives.changed', (e) => setVolumes(e.volumes));
  }, [api]);

  useEffect(() => {
    const target = routeParam('path');
    if (target) void inspect(target);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  async function inspect(target: string) {
    setBusy(true);
    setError(null);
    setNotThere(false);
    // A folder of .idbox archives (a stick, a backups folder) is checked as a batch.
    const kind = await api.invoke('inspect.classify', { path: target });
    if (kind.ok && kind.value.kind === 'missing') {
      setBusy(false);
      setInspected(null);
      return setNotThere(true);
    }
    if (kind.ok && kind.value.kind === 'archive-folder') {
      setBusy(false);
      setScanDir(target);
      return scan(target);
    }
    const res = await api.invoke('inspect.path', { path: target });
    const catalog = res.ok && res.value.report.backupId ? await api.invoke('archive.catalog', {}) : null;
    setBusy(false);
    if (res.ok) {
      const r = res.value.report;
      setOtherCopies(catalog?.ok ? catalog.value.archives.filter((c) => c.present && c.backupIdPrefix === r.backupId && c.path !== r.path) : []);
      setInspected({ ...res.value, openedPath: target });
    } else setError(res.error);
  }

  async function scan(directory: string) {
    setError(null);
    setInspected(null);
    const res = await op.run('inspect.scan', (operationId) => ({ operationId, directory }));
    if (res.ok) setItems(res.value);
    else setError(res.error);
  }

  async function browse(kind: 'archive-or-folder' | 'folder') {
    const res = await api.invoke('dialog.pick', { kind });
    if (res.ok && res.value.path) {
      if (kind === 'folder') void scan(res.value.path);
      else void inspect(res.value.path);
    }
  }

  return (
    <div className="inspect">
      <h1>Inspect an archive</h1>
      <p className="lead">
        See whether an archive is complete and intact, and what is in it, without opening anything secret. Works for
        <code>.idbox</code> archives and for backup folders copied off a box.
      </p>
      <div
        className="panel drop-zone"
        onDragOver={(e) => e.preventDefault()}
        onDrop={(e) => {
          e.preventDefault();
          const file = e.dataTransfer.files[0];
          const dropped = file ? pathForDrop(file) : null;
          if (dropped) void inspect(dropped);
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-path`}>Archive file or backup folder</label>
          <div className="path-row">
            <input
              id={`${id}-path`}
              value={path}
              onChange={(e) => setPath(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && path.trim() && !busy && void inspect(path.trim())}
              spellCheck={false}
              placeholder="/media/you/STICK/idbox-….idbox"
            />
            <button type="button" className="primary" disabled={!path.trim() || busy} onClick={() => void inspect(path.trim())}>
              {busy ? 'Inspecting…' : 'Inspect'}
            </button>
            {native ? (
              <button type="button" onClick={() => void browse('archive-or-folder')}>
                Choose…
              </button>
            ) : (
              <button type="button" aria-expanded={browsing} onClick={() => setBrowsing((b) => !b)}>
                Browse…
              </button>
            )}
          </div>
          {browsing && (
            <FolderBrowser
              onClose={() => setBrowsing(false)}
              onPick={(picked) => {
                setBrowsing(false);
                setPath(picked);
                void inspect(picked);
              }}
            />
          )}
          {native && <p className="hint">Or drop a file or folder here.</p>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-scan`}>Check every archive in a folder or on a stick</label>
          <div className="path-row">
            <input
              id={`${id}-scan`}
              value={scanDir}
              onChange={(e) => setScanDir(e.target.value)}
              onKeyDown={(e) => e.key === 'Enter' && scanDir.trim() && !op.running && void scan(scanDir.trim())}
              spellCheck={false}
              placeholder="/media/you/STICK"
            />
            <button type="button" disabled={!scanDir.trim() || op.running} onClick={() => void scan(scanDir.trim())}>
              Scan folder
            </button>
          </div>
          {volumes.length > 0 && (
            <div className="stick-buttons">
              {volumes.map((v) => (
                <button type="button" key={v.id} onClick={() => void scan(v.mountPoint)}>
                  Scan {v.label}
                </button>
              ))}
            </div>
          )}
        </div>
      </div>

      {op.running && (
        <p role="status">
          Checking archives… {op.progress ? `${op.progress.done} so far` : ''}{' '}
          <button type="button" onClick={op.cancel}>
            Cancel
          </button>
        </p>
      )}
      {error && <ErrorPanel error={error} onAction={() => setError(null)} actionLabel="Close" headingLevel={2} />}

      {!items && !inspected && !notThere && known && known.length > 0 && (
        <section className="panel" aria-labelledby={`${id}-known`}>
          <h2 id={`${id}-known`}>Archives this app knows</h2>
          <p className="hint">On the sticks plugged in now and in the folders this app archived to, by backup, the newest good copy first.</p>
          <KnownArchives
            archives={known}
            onPick={(picked) => {
              setPath(picked);
              void inspect(picked);
            }}
          />
        </section>
      )}
      {items && !inspected && <ScanResults items={items.items} truncated={items.truncated} onOpen={(p) => void inspect(p)} />}

      {notThere && <NotAnArchive title="No file or folder at this path" next="Check the path for a typing mistake, or plug in the stick the archive is on." />}
      {inspected && inspected.report.problems[0]?.code === 'not-an-archive' && (
        <NotAnArchive title="This is not an Identity Box archive" next={explainReport(inspected.report, 0).next[0] ?? ''} path={inspected.report.path} />
      )}
      {inspected && inspected.report.problems[0]?.code !== 'not-an-archive' && (
        <section className="panel">
          {items && (
            <button type="button" className="link-button" onClick={() => setInspected(null)}>
              ← Back to the list
            </button>
          )}
          <ReportView
            key={inspected.report.path}
            report={inspected.report}
            encryptedBackup={inspected.encryptedBackup}
            fingerprint={inspected.fingerprint}
            otherCopies={otherCopies}
            archivePath={inspected.openedPath}
          />
        </section>
      )}
    </div>
  );
}
