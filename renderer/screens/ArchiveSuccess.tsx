import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { PullResult } from '../../shared/contract/archive';
import { useApi } from '../api';
import { navigate } from '../router';

interface Props {
  result: z.infer<typeof PullResult>;
  boxUrl: string;
  demo: boolean;
  onAgain(): void;
}

/** What was written, where, that it was verified, and what to do next. */
export function ArchiveSuccess({ result, boxUrl, demo, onAgain }: Props) {
  const api = useApi();
  const [eject, setEject] = useState<string | null>(null);
  const [ejecting, setEjecting] = useState(false);
  const [canReveal, setCanReveal] = useState(false);
  const [isStick, setIsStick] = useState(false);
  const [auto, setAuto] = useState<string | null>(null);
  useEffect(() => {
    void api.invoke('app.info', {}).then((res) => setCanReveal(res.ok && res.value.host === 'electron'));
    void api.invoke('drives.list', {}).then((res) => setIsStick(res.ok && res.value.volumes.some((v) => v.mountPoint === result.directory)));
  }, [api, result.directory]);

  async function enableAuto() {
    const res = await api.invoke('automation.enable', { mountPoint: result.directory, boxUrl });
    setAuto(res.ok ? `Done: whenever "${res.value.label}" is plugged in while this app runs, it gets a fresh, verified archive.` : res.error.message);
  }

  async function doEject() {
    setEjecting(true);
    const res = await api.invoke('drives.eject', { mountPoint: result.directory });
    setEjecting(false);
    setEject(res.ok ? res.value.message : res.error.message);
  }

  return (
    <section className="panel panel-ok archive-success" aria-labelledby="success-title">
      <h1 id="success-title" tabIndex={-1}>
        Your backup is archived and verified {demo && <span className="badge badge-demo">DEMO</span>}
      </h1>
      <p>We read the archive back from the disk and every checksum matched.</p>
      <dl className="facts">
        <dt>File</dt>
        <dd>
          <code>{result.fileName}</code>
        </dd>
        <dt>Where</dt>
        <dd>
          <code>{result.directory}</code> ({result.filesystem})
        </dd>
        <dt>Size</dt>
        <dd>
          {(result.bytes / 1024).toFixed(1)} KB, {result.files} files from your box
        </dd>
        <dt>Checksum</dt>
        <dd>
          SHA-256 <code>{result.sha256.slice(0, 16)}…</code>
        </dd>
        <dt>Verified</dt>
        <dd>
          <span className="badge badge-ok">Verified</span>{' '}
          {result.cacheBypassed ? 'read back from the stick itself' : 'read back (this system may have answered from its memory cache)'}
        </dd>
        {result.removedOld > 0 && (
          <>
            <dt>Older copies</dt>
            <dd>{result.removedOld} older archive(s) of this backup in this folder were removed after the new one verified.</dd>
          </>
        )}
      </dl>
      <h2>What to do next</h2>
      <ul>
        <li>Eject the stick and keep it somewhere safe, away from your computer and your box.</li>
        <li>Keep your 24 words written down, offline and separate from the stick: the archive cannot be opened without them.</li>
        <li>Archive again after you add an identity or a contact on your phone. A second stick is even better.</li>
      </ul>
      <div className="actions">
        <button type="button" className="primary" disabled={ejecting} onClick={() => void doEject()}>
          {ejecting ? 'Ejecting…' : 'Safely remove the stick'}
        </button>
        {canReveal && (
          <button type="button" onClick={() => void api.invoke('shell.reveal', { path: result.archive })}>
            Show the file
          </button>
        )}
        <button type="button" onClick={onAgain}>
          Archive to another place
        </button>
        <button type="button" onClick={() => navigate('history')}>
          See all archives
        </button>
      </div>
      {isStick && (
        <div className="auto-offer">
          <button type="button" onClick={() => void enableAuto()} disabled={auto !== null}>
            Archive automatically whenever this stick is plugged in
          </button>
          {auto && <p role="status">{auto}</p>}
        </div>
      )}
      {eject && (
        <p role="status" className="eject-message">
          {eject}
        </p>
      )}
    </section>
  );
}
