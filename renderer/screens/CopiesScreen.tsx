import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { BackupCopies, CopyItem } from '../../shared/contract/copies';
import type { AppErrorData } from '../../shared/errors';
import { STATUS_TEXT } from '../../shared/inspect/report';
import { useApi } from '../api';
import { BreakableName, fileName } from '../components/BreakableName';
import { tonePanel } from '../components/CopiesHeadline';
import { ErrorPanel } from '../components/ErrorPanel';
import { ProgressView } from '../components/ProgressView';
import { SeenBackups } from '../components/SeenBackups';
import { SettingsLink } from '../components/SettingsLink';
import { verifyAllMessage } from '../../shared/copies/verify-message';
import { age } from '../format';
import { navigate } from '../router';
import { useCopies } from '../useCopies';
import { useOperation } from '../useOperation';
import './Copies.css';

type Copy = z.infer<typeof CopyItem>;
type Backup = z.infer<typeof BackupCopies>;

const STATE: Record<Copy['state'], { label: string; badge: string; why: string }> = {
  current: { label: 'Up to date', badge: 'badge-ok', why: "Same as your box's backup now." },
  older: { label: 'Older', badge: 'badge-warn', why: "Your box's backup changed since this copy." },
  unknown: { label: 'Unknown', badge: 'badge-warn', why: 'Your box could not be asked, so it is not known whether this copy is current.' },
  // The verdict's own words (STATUS_TEXT), as inspect and idbox verify say them.
  incomplete: { label: 'Incomplete', badge: 'badge-bad', why: `${STATUS_TEXT.incomplete}: it cannot bring all your identities back.` },
  damaged: { label: 'Damaged', badge: 'badge-bad', why: `${STATUS_TEXT.corrupt}: it cannot bring all your identities back.` },
  'not-asked': { label: 'Demo not running', badge: 'badge-neutral', why: 'Start the demo to check it.' },
};

/** The folder an archive file is in: where a fresh archive of the same place goes. */
const folderOf = (path: string) => path.replace(/[\\/][^\\/]*$/, '') || path;

function CopyRow({ copy, boxUrl }: { copy: Copy; boxUrl: string | null }) {
  const state = STATE[copy.state];
  return (
    <tr className={copy.failure ? 'copy-failed' : undefined}>
      <th scope="row">
        {copy.place.label}
        <span className="hint"> ({copy.place.kind === 'stick' ? (copy.attached ? 'stick, plugged in' : 'stick, not plugged in') : copy.attached ? 'folder' : 'folder, its disk is not connected'})</span>
        {copy.demo && <span className="badge badge-demo">DEMO</span>}
        <br />
        <BreakableName name={fileName(copy.path)} />
      </th>
      <td>{age(copy.createdAt)}</td>
      <td>
        {copy.failure ? (
          <span className="badge badge-bad">Failed {age(copy.failure.at)}</span>
        ) : copy.verifiedAt ? (
          `Read back intact ${age(copy.verifiedAt)}`
        ) : (
          'Not checked yet'
        )}
      </td>
      <td>
        <span className={`badge ${state.badge}`} title={state.why}>
          {state.label}
        </span>
      </td>
      <td>
        {copy.failure ? `${copy.failure.message} ${copy.nextStep ?? ''}` : (copy.nextStep ?? state.why)}
        {/* The row that says "make a fresh archive" offers it: Archive opens with this place and this backup's box. */}
        {copy.freshArchive && (
          <button
            type="button"
            className="fresh-archive"
            aria-label={`Make a fresh archive ${copy.place.kind === 'stick' ? 'on' : 'in'} ${copy.place.label}`}
            onClick={() => navigate('archive', { to: folderOf(copy.path), ...(boxUrl ? { box: boxUrl } : {}) })}
          >
            Make a fresh archive
          </button>
        )}
      </td>
    </tr>
  );
}

function BackupSection({ backup, sayHeadline, boxUrl }: { backup: Backup; sayHeadline: boolean; boxUrl: string | null }) {
  // The page's headline already says what this backup's headline says (said once); the box-changed
  // warning is the headline in other words (said once too).
  const warnings = backup.warnings.filter((w) => w.code !== 'box-changed');
  return (
    <section className="copies-backup" aria-labelledby={`backup-${backup.backupRef.slice(0, 12)}`}>
      <h2 id={`backup-${backup.backupRef.slice(0, 12)}`}>
        {backup.demo ? 'Demo backup' : 'Backup'} <code>{backup.backupIdPrefix}…</code>
        {backup.box.state === 'checked' && <span className="hint"> · box asked {age(backup.box.checkedAt!)}</span>}
        {backup.box.state === 'unknown' && <span className="hint"> · box not reachable</span>}
        {backup.box.state === 'demo-stopped' && <span className="hint"> · demo not running</span>}
      </h2>
      {sayHeadline && (
        <p className={`copies-line tone-${backup.tone}`}>
          <strong>{backup.headline}</strong>
        </p>
      )}
      {warnings.length > 0 && (
        <ul className="copies-warnings" aria-label={`Warnings for ${backup.demo ? 'the demo backup' : 'your backup'}`}>
          {warnings.map((w) => (
            <li key={`${w.code}-${w.path ?? ''}`} className={`panel ${w.code === 'failed' ? 'panel-error' : 'panel-warn'}`}>
              <p>{w.message}</p>
              <p className="hint">Next: {w.nextStep}</p>
            </li>
          ))}
        </ul>
      )}
      {backup.copies.length > 0 && (
        <table className="copies-table">
          {/* Every backup's table has the same columns at the same widths: they line up down the page. */}
          <colgroup>
            <col className="col-where" />
            <col className="col-made" />
            <col className="col-checked" />
            <col className="col-state" />
            <col className="col-means" />
          </colgroup>
          <thead>
            <tr>
              <th scope="col">Where</th>
              <th scope="col">Made</th>
              <th scope="col">Last checked</th>
              <th scope="col">Matches the box</th>
              <th scope="col">What it means</th>
            </tr>
          </thead>
          <tbody>
            {backup.copies.map((c) => (
              <CopyRow key={c.path} copy={c} boxUrl={boxUrl} />
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** Every known copy of every remembered backup, the warnings, and "Verify all copies now". */
export function CopiesScreen() {
  const api = useApi();
  const { view, failed, waiting, refresh } = useCopies();
  const op = useOperation();
  const [result, setResult] = useState<string | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  // The box each remembered backup comes from: a fresh archive opens with it.
  const [boxes, setBoxes] = useState<Map<string, string>>(new Map());
  useEffect(() => {
    void api.invoke('archive.rememberedBoxes', {}).then((res) => {
      if (res.ok) setBoxes(new Map(res.value.boxes.filter((b) => b.backupIdPrefix).map((b) => [b.backupIdPrefix!, b.boxUrl])));
    });
  }, [api]);

  async function verifyAll() {
    setResult(null);
    setError(null);
    const res = await op.run('copies.verifyAll', (operationId) => ({ operationId }));
    if (res.ok) setResult(verifyAllMessage(res.value));
    else if (res.error.code !== 'cancelled') setError(res.error);
    else setResult('Checking was cancelled. Copies checked so far are recorded.');
    // A finished check announces itself (copies.changed refreshes the view); a stopped one does not.
    if (!res.ok) refresh();
  }

  return (
    <div className="copies">
      <h1>Your copies</h1>
      {!view && !failed && <p role="status">{waiting ?? 'Looking for your copies…'}</p>}
      {view && waiting && <p role="status">{waiting}</p>}
      {failed && <p className="panel panel-error">{failed}</p>}
      {view && (
        <>
          <p className={`copies-headline ${tonePanel(view.tone)}`} role="status">
            <strong>{view.headline}</strong>
          </p>
          {op.running ? (
            <ProgressView title="Reading every copy back" stages={[{ id: 'verifying', label: 'Reading copies back' }]} progress={op.progress} onCancel={op.cancel} />
          ) : (
            <div className="actions">
              <button type="button" className="primary" onClick={() => void verifyAll()}>
                Verify all copies now
              </button>
              <button type="button" onClick={() => navigate('archive')}>
                Make a new copy
              </button>
            </div>
          )}
          {result && (
            <p className="panel" role="status">
              {result}
            </p>
          )}
          {error && <ErrorPanel error={error} onAction={() => void verifyAll()} headingLevel={2} />}
          {view.backups.map((b) => (
            <BackupSection key={b.backupRef} backup={b} sayHeadline={b.backupRef !== view.headlineOf} boxUrl={b.demo ? 'demo' : (boxes.get(b.backupIdPrefix) ?? null)} />
          ))}
          <SeenBackups seen={view.seen} onChanged={refresh} />
          <details className="copies-rules">
            <summary>How copies are counted</summary>
            <ul>
              <li>A copy counts when it read back intact and matches your box&apos;s current backup.</li>
              <li>Places are counted, not files: two archives on one stick are one copy; each stick and each disk is one place, wherever it is mounted.</li>
              <li>A copy deleted from a stick that is plugged in no longer counts; a stick that is not plugged in keeps its copies.</li>
              <li>Only your own backups count: archives of other people&apos;s backups found on sticks are listed apart.</li>
              <li>Archives of the demo box never count as copies of your backup.</li>
              <li>Every archive on a stick is read back again whenever the stick is plugged in.</li>
              <li>Sticks are brought up to date when plugged in (choose that once after an archive); folders can be kept up to date on a schedule.</li>
            </ul>
          </details>
          <SettingsLink what="When a copy is called old, how often your box is asked, and the schedule that keeps folders up to date are in" />
        </>
      )}
    </div>
  );
}
