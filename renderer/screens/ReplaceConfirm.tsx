import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { restoreCalls } from '../../shared/contract/restore';
import { plural } from '../../shared/plural';
import { formatBytes } from '../../shared/units';
import { useApi } from '../api';

type Comparison = z.infer<(typeof restoreCalls)['restore.compare']['result']>;

interface Props {
  archivePath: string;
  fileName: string;
  boxUrl: string;
  backupId: string;
  onKeep(): void;
  onReplace(): void;
}

const when = (iso: string | null, what: string) => (iso ? `${what} ${new Date(iso).toLocaleString()}` : 'the box does not say when');

/** "Your box already has a different copy": both copies side by side, so replacing is not a blind choice. */
export function ReplaceConfirm({ archivePath, fileName, boxUrl, backupId, onKeep, onReplace }: Props) {
  const api = useApi();
  const heading = useRef<HTMLHeadingElement>(null);
  const [cmp, setCmp] = useState<Comparison | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    void api.invoke('restore.compare', { archivePath, boxUrl, backupId }).then((res) => (res.ok ? setCmp(res.value) : setFailed(res.error.message)));
  }, [api, archivePath, boxUrl, backupId]);

  const boxNewer = cmp?.box?.when && cmp.archive.when ? Date.parse(cmp.box.when) > Date.parse(cmp.archive.when) : null;
  return (
    <section className="panel panel-warn replace-confirm" aria-labelledby="replace-title">
      <h1 id="replace-title" ref={heading} tabIndex={-1}>
        Your box already has a different copy of this backup
      </h1>
      <p>Replacing it puts the archive&apos;s copy on the box instead. Nothing has been changed yet.</p>
      {cmp?.keepsReplaced === true && (
        <p className="keeps-replaced">
          Your box keeps the copy it replaces: you can archive it or put it back later, from History (it keeps the last 5).
        </p>
      )}
      {cmp?.keepsReplaced === false && (
        <p className="keeps-replaced">
          <strong>The backup service on your box does not keep the copy it replaces</strong> (it is older than version 1.2):
          archive the box&apos;s copy first if you might want it, or update the backup service on the box.
        </p>
      )}
      {!cmp && !failed && <p role="status">Looking at both copies…</p>}
      {failed && <p role="status">The box&apos;s copy could not be described ({failed}).</p>}
      {cmp && (
        <table className="compare">
          <caption className="visually-hidden">The two copies of this backup</caption>
          <thead>
            <tr>
              <th scope="col">Copy</th>
              <th scope="col">Date</th>
              <th scope="col">Files</th>
              <th scope="col">Size</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">
                On your box <code>{boxUrl}</code>
              </th>
              <td>{cmp.box ? when(cmp.box.when, 'last changed') : '—'}</td>
              <td>{cmp.box ? plural(cmp.box.files, 'file') : '—'}</td>
              <td>{cmp.box ? formatBytes(cmp.box.bytes) : '—'}</td>
            </tr>
            <tr>
              <th scope="row">
                In the archive <code>{fileName}</code>
              </th>
              <td>{when(cmp.archive.when, 'made')}</td>
              <td>{plural(cmp.archive.files, 'file')}</td>
              <td>{formatBytes(cmp.archive.bytes)}</td>
            </tr>
          </tbody>
        </table>
      )}
      {boxNewer === true && (
        <p>
          <strong>The box&apos;s copy is newer than the archive:</strong> it probably holds changes your phone made after this
          archive (a new identity or contact). Keep it unless you know it is damaged.
        </p>
      )}
      {boxNewer === false && <p>The archive is newer than the box&apos;s copy.</p>}
      <div className="actions">
        <button type="button" className="primary" onClick={onKeep}>
          Keep the box&apos;s copy
        </button>
        <button type="button" className="danger" onClick={onReplace}>
          Replace it with the archive
        </button>
      </div>
    </section>
  );
}
