import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { z } from 'zod';
import type { CatalogItem } from '../../shared/contract/archive';
import { plural } from '../../shared/plural';
import { formatBytes } from '../../shared/units';
import { backupIdFromMnemonic } from '../../shared/backup-id';
import { backupFingerprint } from '../../shared/archive/fingerprint';
import { ResealPanel } from './ResealPanel';
import { SealedKeysCheck } from './SealedKeysCheck';
import { openBundleSummary } from '../../shared/bundle';
import { keyFilesPhrase, reportToText, SEALED_TEXT } from '../../shared/inspect/render';
import { STATUS_TEXT, type Report } from '../../shared/inspect/report';
import { AppError } from '../../shared/errors';
import { useApi } from '../api';
import { MnemonicInput, type MnemonicState } from '../components/MnemonicInput';
import { ReportMeaning } from '../components/ReportMeaning';

const BADGE: Record<Report['status'], string> = { ok: 'badge-ok', incomplete: 'badge-warn', corrupt: 'badge-bad', invalid: 'badge-bad' };


export function StatusBadge({ status }: { status: Report['status'] }) {
  return <span className={`badge ${BADGE[status]}`}>{STATUS_TEXT[status]}</span>;
}

interface Props {
  report: Report;
  encryptedBackup: string | null;
  /** The backup's fingerprint, to tell whether typed words belong to it. */
  fingerprint: string | null;
  /** Other verified copies of the same backup this app knows (from the catalog). */
  otherCopies?: z.infer<typeof CatalogItem>[];
  /** The archive's path as the person opened it (the report's own path is shortened). */
  archivePath?: string;
}

function FileTable({ files, caption }: { files: Report['files']; caption: string }) {
  return (
    <table>
      <caption className="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">File</th>
          <th scope="col">Size</th>
          <th scope="col">SHA-256</th>
          <th scope="col">Intact</th>
        </tr>
      </thead>
      <tbody>
        {files.map((f) => (
          <tr key={f.path}>
            <td>
              <code>{f.path}</code>
            </td>
            <td className="nowrap">{formatBytes(f.size)}</td>
            <td>
              <code>{f.sha256.slice(0, 16)}…</code>
            </td>
            <td>{f.ok ? 'yes' : <strong className="bad">no</strong>}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One archive's full report: facts, files, keys, problems; words check and export. */
export function ReportView({ report: r, encryptedBackup, fingerprint, otherCopies = [], archivePath }: Props) {
  const api = useApi();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  // The result is where the person's attention goes next: move focus (and screen readers) there.
  useEffect(() => heading.current?.focus(), [r]);
  const [words, setWords] = useState<MnemonicState | null>(null);
  const [savePath, setSavePath] = useState('');
  // The desktop app saves through the system's own Save dialog; the browser version asks for a full path.
  const [nativeDialogs, setNativeDialogs] = useState(false);
  useEffect(() => {
    void api.invoke('app.info', {}).then((res) => res.ok && setNativeDialogs(res.value.nativeDialogs));
  }, [api]);
  const [format, setFormat] = useState<'json' | 'text' | 'html'>('html');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const damaged = r.files.filter((f) => !f.ok);

  const ownerCheck = useMemo(() => {
    if (!words?.valid || !words.canonical || !words.entropy || !fingerprint) return null;
    if (backupFingerprint(backupIdFromMnemonic(words.canonical)) !== fingerprint) return { ok: false as const, text: 'These words are valid but belong to a different backup.' };
    if (!encryptedBackup) return { ok: true as const, text: 'The words match this backup id, but there is no readable bundle to open.' };
    try {
      const s = openBundleSummary(encryptedBackup, words.entropy);
      return { ok: true as const, text: `The words match and open the backup: ${s.own} identit${s.own === 1 ? 'y' : 'ies'} (${s.names.join(', ')}) and ${s.peers} contact${s.peers === 1 ? '' : 's'}.` };
    } catch (err) {
      return { ok: false as const, text: err instanceof AppError ? err.message : 'The bundle did not open.' };
    }
  }, [words, encryptedBackup, fingerprint]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(reportToText(r));
      setMessage({ ok: true, text: 'The report was copied. It contains no secrets and no full backup id.' });
    } catch {
      setMessage({ ok: false, text: 'Copying is not allowed in this window; use "Save report" instead.' });
    }
  }

  async function save() {
    let path = savePath.trim();
    if (nativeDialogs) {
      const picked = await api.invoke('dialog.pick', { kind: 'save-report', defaultName: `inspection.${format === 'text' ? 'txt' : format}` });
      if (!picked.ok || !picked.value.path) return;
      path = picked.value.path;
    }
    if (!path) return setMessage({ ok: false, text: 'Type the full path of the file to save the report to first.' });
    const res = await api.invoke('inspect.saveReport', { path, format, report: r });
    setMessage(res.ok ? { ok: true, text: `Saved to ${res.value.saved}.` } : { ok: false, text: res.error.message });
  }

  return (
    <article className="report" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        Report <StatusBadge status={r.status} />
      </h2>
      <dl className="facts">
        <dt>Path</dt>
        <dd>
          <code>{r.path}</code>
        </dd>
        <dt>Kind</dt>
        <dd>{r.kind === 'archive' ? `Archive${r.format ? ` (${r.format}, version ${r.formatVersion})` : ''}` : 'Raw box backup folder'}</dd>
        <dt>Created</dt>
        <dd>{r.createdAt ? `${new Date(r.createdAt).toLocaleString()}${r.appVersion ? ` by app ${r.appVersion}` : ''}` : '—'}</dd>
        <dt>Source box</dt>
        <dd>{r.sourceBox ?? '—'}</dd>
        <dt>Backup</dt>
        <dd>{r.backupId ? <code>{r.backupId}…</code> : '—'}</dd>
        <dt>Size</dt>
        <dd>
          {formatBytes(r.size)} · {plural(r.files.length, 'file')} · {keyFilesPhrase(r)} · {plural(r.didDocuments, 'DID document')}
        </dd>
      </dl>

      <ReportMeaning report={r} otherCopies={otherCopies} />

      <h3>Problems</h3>
      {r.problems.length === 0 ? (
        <p className="hint">No problems found.</p>
      ) : (
        <ul className="problems">
          {r.problems.map((p, i) => (
            <li key={i}>
              <strong>{p.path ?? 'Archive'}</strong>: {p.message} <code className="code">{p.code}</code>
            </li>
          ))}
        </ul>
      )}

      {damaged.length > 0 && (
        <section className="damaged-files" aria-labelledby={`${id}-damaged`}>
          {/* Pinned above the full table: what is wrong is read before what is fine. */}
          <h3 id={`${id}-damaged`}>Damaged files ({damaged.length})</h3>
          <FileTable files={damaged} caption="Files whose content does not match the manifest" />
        </section>
      )}
      {r.files.length > 0 && (
        <>
          <h3>All files ({r.files.length})</h3>
          <FileTable files={r.files} caption="Every file in the archive, as the manifest lists them" />
        </>
      )}

      {r.keyFilesSealed && (
        <p>
          <strong>Key files</strong>: {SEALED_TEXT}. The owner can type their words below to check them.
        </p>
      )}
      {r.pems.length > 0 && (
        <>
          <h3>Key files (encrypted, never opened)</h3>
          <ul>
            {r.pems.map((p) => (
              <li key={p.path}>
                <code>{p.path}</code>: {p.kdf} with {p.prf}, {p.iterations.toLocaleString()} iterations, {p.saltLength}-byte salt, {p.cipher}
              </li>
            ))}
          </ul>
        </>
      )}

      <details className="owner-check">
        <summary>The owner is here: check their 24 words against this archive</summary>
        <p className="hint">For the owner only. The words are checked in this window and never stored or sent.</p>
        <MnemonicInput label="Owner's 24 words" onChange={setWords} />
        {ownerCheck && (
          <p role="status" className={ownerCheck.ok ? 'check-ok' : 'check-bad'}>
            {ownerCheck.text}
          </p>
        )}
        {ownerCheck?.ok && words && r.kind === 'archive' && r.formatVersion === 1 && archivePath && <ResealPanel archivePath={archivePath} words={words} />}
        {ownerCheck?.ok && words?.canonical && r.keyFilesSealed && archivePath && <SealedKeysCheck archivePath={archivePath} canonical={words.canonical} />}
      </details>

      <div className="actions export">
        <button type="button" onClick={() => void copy()}>
          Copy report
        </button>
        <label className="inline">
          Format{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value as 'json' | 'text' | 'html')}>
            <option value="html">Readable (HTML)</option>
            <option value="text">Plain text</option>
            <option value="json">JSON</option>
          </select>
        </label>
        {!nativeDialogs && (
          <label className="inline save-to">
            <span className="inline-label">Save to (full path)</span>
            <input value={savePath} onChange={(e) => setSavePath(e.target.value)} placeholder="/home/you/report.html" spellCheck={false} />
          </label>
        )}
        <button type="button" onClick={() => void save()}>
          {nativeDialogs ? 'Save report…' : 'Save report'}
        </button>
      </div>
      {message && (
        <p role={message.ok ? 'status' : 'alert'} className={message.ok ? 'saved-text' : 'error-text'}>
          {message.text}
        </p>
      )}
    </article>
  );
}
