import { useEffect, useRef, useState } from 'react';
import type { z } from 'zod';
import type { PullResult } from '../../shared/contract/archive';
import { STATUS_TEXT } from '../../shared/inspect/report';
import { plural } from '../../shared/plural';
import { formatBytes } from '../../shared/units';
import { useApi } from '../api';
import { navigate } from '../router';

/**
 * The two sizes of one archive, each named: the file on the disk, and the backup it holds (what the
 * progress counted while "Downloading the encrypted backup"), from the same numbers and formatter.
 */
export function ArchiveSize({ result }: { result: Pick<z.infer<typeof PullResult>, 'bytes' | 'backupBytes' | 'files'> }) {
  return (
    <>
      {formatBytes(result.bytes)} archive file, holding the backup from your box: {plural(result.files, 'file')}, {formatBytes(result.backupBytes)}
    </>
  );
}

interface Props {
  result: z.infer<typeof PullResult>;
  boxUrl: string;
  onAgain(): void;
}

/**
 * What was written, where, that it was verified, and what to do next. A stick and a folder on
 * this computer are different places and are named, advised and acted on differently.
 */
export function ArchiveSuccess({ result, boxUrl, onAgain }: Props) {
  const api = useApi();
  const heading = useRef<HTMLHeadingElement>(null);
  const [eject, setEject] = useState<{ ok: boolean; text: string } | null>(null);
  const [ejecting, setEjecting] = useState(false);
  const [canReveal, setCanReveal] = useState(false);
  const [copied, setCopied] = useState(false);
  const [hasRule, setHasRule] = useState<boolean | null>(null);
  const [auto, setAuto] = useState<{ ok: boolean; text: string } | null>(null);
  const stick = result.stick;
  useEffect(() => heading.current?.focus(), []);
  useEffect(() => {
    void api.invoke('app.info', {}).then((res) => setCanReveal(res.ok && res.value.host === 'electron'));
    if (stick) {
      void Promise.all([api.invoke('automation.list', {}), api.invoke('drives.list', {})]).then(([rules, drives]) => {
        const volume = drives.ok ? drives.value.volumes.find((v) => v.mountPoint === result.directory) : undefined;
        setHasRule(rules.ok && volume !== undefined && rules.value.rules.some((r) => r.volumeId === volume.id));
      });
    }
  }, [api, stick, result.directory]);

  async function enableAuto() {
    const res = await api.invoke('automation.enable', { mountPoint: result.directory, boxUrl });
    setAuto(
      res.ok
        ? { ok: true, text: `Done: whenever "${res.value.label}" is plugged in while this app runs, it gets a fresh, verified archive.` }
        : { ok: false, text: res.error.message },
    );
  }

  async function doEject() {
    setEjecting(true);
    const res = await api.invoke('drives.eject', { mountPoint: result.directory });
    setEjecting(false);
    setEject(res.ok ? { ok: res.value.ejected, text: res.value.message } : { ok: false, text: res.error.message });
  }

  async function copyPath() {
    await navigator.clipboard.writeText(result.archive).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  }

  const place = stick ? 'the stick' : 'the disk';
  // Written and read back, but not a copy that can bring every identity back: said first, never "verified".
  const good = result.notes.length === 0;
  return (
    <section className={`panel ${good ? 'panel-ok' : 'panel-error'} archive-success`} aria-labelledby="success-title">
      <h1 id="success-title" tabIndex={-1} ref={heading}>
        {!good ? (result.status === 'ok' ? 'Archived, with fewer identities than before' : `Archived, but ${STATUS_TEXT[result.status].split(':')[0]!.toLowerCase()}`) : result.demo ? 'The demo backup is archived and verified' : 'Your backup is archived and verified'}{' '}
        {result.demo && <span className="badge badge-demo">DEMO</span>}
      </h1>
      {result.notes.map((n) => (
        <p key={n.sentence} role="alert">
          {n.sentence} <strong>{n.nextStep}</strong>
        </p>
      ))}
      <p role={good ? 'status' : undefined}>
        We read the archive back from {place} and every checksum matched.
        {result.demo && ' This is an archive of the made-up demo backup: it does not protect your own backup.'}
      </p>
      <dl className="facts">
        <dt>File</dt>
        <dd>
          <code>{result.fileName}</code>
        </dd>
        <dt>Where</dt>
        <dd>
          {stick ? (
            <>
              on the stick &ldquo;{stick.label}&rdquo;, <code>{result.directory}</code> ({result.filesystem})
            </>
          ) : (
            <>
              in the folder <code>{result.directory}</code> on this computer ({result.filesystem})
            </>
          )}
        </dd>
        <dt>Size</dt>
        <dd>
          <ArchiveSize result={result} />
        </dd>
        <dt>Checksum</dt>
        <dd>
          SHA-256 <code>{result.sha256.slice(0, 16)}…</code>
        </dd>
        <dt>Key files</dt>
        <dd>
          {result.formatVersion === 2
            ? 'Sealed to your 24 words: whoever finds this archive cannot use them.'
            : 'Not sealed (format 1): this app does not know your words\u2019 public key yet, so anyone who finds this archive can read the key files. Archive once with your 24 words to seal every archive from then on.'}
        </dd>
        <dt>{good ? 'Verified' : 'Read back'}</dt>
        <dd>
          {/* "Verified" means it can bring the identities back: a copy that cannot is only "read back intact". */}
          <span className={`badge ${good ? 'badge-ok' : 'badge-warn'}`}>{good ? 'Verified' : 'Intact'}</span>{' '}
          {result.cacheBypassed ? `read back from ${place} itself` : 'read back (this system may have answered from its memory cache)'}
        </dd>
        {result.status !== 'ok' && (
          <>
            <dt>Complete</dt>
            <dd>
              <span className="badge badge-bad">No</span> {STATUS_TEXT[result.status]}
            </dd>
          </>
        )}
        {result.removedOld > 0 && (
          <>
            <dt>Older copies</dt>
            <dd>
              {plural(result.removedOld, 'older archive')} of this backup in this {stick ? 'place' : 'folder'}{' '}
              {result.removedOld === 1 ? 'was' : 'were'} removed after the new one verified.
            </dd>
          </>
        )}
      </dl>
      {/* Asked while the stick is still in, before the advice to remove it. */}
      {stick && hasRule === false && (
        <div className="auto-offer">
          {auto?.ok !== true && (
            <button type="button" onClick={() => void enableAuto()}>
              Archive automatically whenever this stick is plugged in
            </button>
          )}
          {auto && (
            <p role={auto.ok ? 'status' : 'alert'} className={auto.ok ? '' : 'error-text'}>
              {auto.text}
            </p>
          )}
        </div>
      )}
      {stick && hasRule && <p className="hint">This stick already gets a fresh archive automatically whenever it is plugged in.</p>}
      <h2>What to do next</h2>
      <ul>
        {stick ? (
          <li>Remove the stick and keep it somewhere safe, away from your computer and your box.</li>
        ) : (
          <li>
            Copy this archive to a USB stick or another place that is offline: a folder on this computer is lost with the
            computer, and anything that can reach this computer can reach the folder.
          </li>
        )}
        <li>Keep your 24 words written down, offline and separate from the archive: the archive cannot be opened without them.</li>
        <li>Archive again after you add an identity or a contact on your phone. A second copy in another place is even better.</li>
      </ul>
      {stick && !stick.canEject && <p className="how-to-remove">{stick.howToRemove}</p>}
      <div className="actions">
        {stick?.canEject && (
          <button type="button" className="primary" disabled={ejecting} onClick={() => void doEject()}>
            {ejecting ? 'Ejecting…' : 'Safely remove the stick'}
          </button>
        )}
        {canReveal ? (
          <button type="button" className={stick?.canEject ? '' : 'primary'} onClick={() => void api.invoke('shell.reveal', { path: result.archive })}>
            Show in folder
          </button>
        ) : (
          <button type="button" onClick={() => void copyPath()}>
            {copied ? 'Path copied' : 'Copy the archive’s path'}
          </button>
        )}
        <button type="button" onClick={onAgain}>
          Archive to another place
        </button>
        <button type="button" onClick={() => navigate('history')}>
          See all archives
        </button>
      </div>
      {eject && (
        <p role={eject.ok ? 'status' : 'alert'} className={eject.ok ? 'eject-message' : 'eject-message error-text'}>
          {eject.text}
        </p>
      )}
    </section>
  );
}
