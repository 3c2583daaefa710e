import { useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import type { z } from 'zod';
import { backupIdFromMnemonic } from '../../shared/backup-id';
import { backupFingerprint } from '../../shared/archive/fingerprint';
import { identityFromMnemonic } from '../../shared/archive/seal-key';
import { openBundleIdentities, type BundleSummary } from '../../shared/bundle';
import { identitiesWithoutFiles } from '../../shared/inspect/identities';
import { STATUS_TEXT } from '../../shared/inspect/report';
import type { BoxStatus } from '../../shared/contract/box';
import type { ArchiveCandidate, ArchiveDescription } from '../../shared/contract/restore';
import { AppError, type AppErrorData } from '../../shared/errors';
import { useApi } from '../api';
import { BoxUrlField } from '../components/BoxUrlField';
import { ErrorPanel } from '../components/ErrorPanel';
import { MnemonicInput, type MnemonicState } from '../components/MnemonicInput';
import { ProgressView } from '../components/ProgressView';
import { restorePrefill } from '../prefill';
import { navigate, routeParam } from '../router';
import { useFocusOnReturn } from '../useFocusOnReturn';
import { paceSeeds, useBoxPace } from '../useBoxPace';
import { useOperation } from '../useOperation';
import { ArchivePicker } from './ArchivePicker';
import { ReplaceConfirm } from './ReplaceConfirm';
import { RestoreSuccess } from './RestoreSuccess';
import './Restore.css';

type Description = z.infer<typeof ArchiveDescription>;
type Candidate = z.infer<typeof ArchiveCandidate>;

const STAGES = [
  { id: 'checking', label: 'Checking the archive again' },
  { id: 'connecting', label: 'Connecting to the box' },
  { id: 'comparing', label: 'Looking at what the box already has' },
  { id: 'uploading', label: 'Putting the backup on the box' },
  { id: 'verifying', label: 'Reading it back to verify' },
  { id: 'done', label: 'Done' },
];

type WordsCheck =
  | { state: 'waiting' }
  | { state: 'other-backup'; matching: Candidate[] | null }
  | { state: 'does-not-open'; message: string }
  | { state: 'incomplete'; message: string }
  | { state: 'ok'; summary: BundleSummary };

/** The three checks of the words against the archive, all in this window. */
function checkWords(words: MnemonicState | null, archive: Description): WordsCheck {
  if (!words?.valid || !words.canonical || !words.entropy) return { state: 'waiting' };
  if (backupFingerprint(backupIdFromMnemonic(words.canonical)) !== archive.fingerprint) return { state: 'other-backup', matching: null };
  try {
    const { summary, identities } = openBundleIdentities(archive.encryptedBackup, words.entropy);
    // The verdict with the words: every identity in the bundle must have its key file and DID document here.
    const lacking = identitiesWithoutFiles(identities, archive.paths);
    if (lacking.length) {
      return {
        state: 'incomplete',
        message: `${STATUS_TEXT.incomplete}: this archive has no key file or DID document for ${lacking.map((l) => `"${l.name}"`).join(', ')}, so it cannot bring ${lacking.length === 1 ? 'that identity' : 'those identities'} back. Use another copy; keep this file, support can inspect it.`,
      };
    }
    return { state: 'ok', summary };
  } catch (err) {
    return { state: 'does-not-open', message: err instanceof AppError ? err.message : 'The backup did not open with these words.' };
  }
}

type Step =
  | { name: 'choose' }
  | { name: 'check'; archive: Description }
  | { name: 'running'; archive: Description }
  | { name: 'confirm-replace'; archive: Description }
  | { name: 'done'; outcome: 'restored' | 'already-there'; boxUrl: string; demo: boolean }
  | { name: 'error'; error: AppErrorData; archive: Description | null };

export function RestoreScreen() {
  const api = useApi();
  const op = useOperation();
  const [step, setStep] = useState<Step>({ name: 'choose' });
  const [words, setWords] = useState<MnemonicState | null>(null);
  const [boxUrl, setBoxUrl] = useState('');
  const [status, setStatus] = useState<BoxStatus | null>(null);
  const [matching, setMatching] = useState<Candidate[] | null>(null);
  // This box's measured speeds: the restore's time left starts from them.
  const pace = useBoxPace(status && !status.problem ? status.url : null);

  // The address this screen filled in itself: replaced when another archive is opened, unless the
  // person typed their own.
  const prefilled = useRef('');

  useEffect(() => {
    // From History's "Restore" on a row: open that archive straight away.
    const path = routeParam('path');
    if (path) void open(path);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api]);

  const archive = step.name === 'check' || step.name === 'confirm-replace' || step.name === 'running' || step.name === 'error' ? step.archive : null;
  const check = useMemo(() => (archive ? checkWords(words, archive) : ({ state: 'waiting' } as WordsCheck)), [words, archive]);
  // Words of another backup: the answer is below the 24 slots, out of sight in a small window; bring it into view.
  const otherBackup = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (check.state === 'other-backup') otherBackup.current?.scrollIntoView({ block: 'nearest' });
  }, [check.state]);
  const opens = check.state === 'ok' || check.state === 'incomplete';
  const belongs = opens || check.state === 'does-not-open';
  const wordsId = words?.valid && words.canonical ? backupIdFromMnemonic(words.canonical) : null;

  // For words that belong to another backup: look for archives on attached sticks that match.
  useEffect(() => {
    if (check.state !== 'other-backup' || !wordsId) return;
    let alive = true;
    void api.invoke('restore.candidates', { backupId: wordsId }).then((res) => {
      if (alive) setMatching(res.ok ? res.value.archives.filter((a) => a.matches) : []);
    });
    return () => {
      alive = false;
    };
  }, [api, check.state, wordsId]);

  async function open(path: string) {
    const res = await api.invoke('restore.describe', { path });
    setStep(res.ok ? { name: 'check', archive: res.value } : { name: 'error', error: res.error, archive: null });
    if (!res.ok) return;
    const url = await restorePrefill(api, res.value);
    if (!url) return;
    setBoxUrl((u) => (u === '' || u === prefilled.current ? url : u));
    prefilled.current = url;
  }

  async function restore(target: Description, replace: boolean) {
    if (!status || !wordsId) return;
    setStep({ name: 'running', archive: target });
    // Format 2: the key that opens the sealed key files, derived from the words here; the words stay in this window.
    const sealIdentity = target.formatVersion === 2 && words?.canonical ? (identityFromMnemonic(words.canonical) ?? undefined) : undefined;
    const res = await op.run('restore.toBox', (operationId) => ({ operationId, archivePath: target.path, boxUrl: status.url, backupId: wordsId, sealIdentity, replace }), paceSeeds(pace));
    if (res.ok) setStep({ name: 'done', outcome: res.value.outcome, boxUrl: res.value.boxUrl, demo: status.demo });
    else if (res.error.code === 'backup-exists-different') setStep({ name: 'confirm-replace', archive: target });
    else setStep({ name: 'error', error: res.error, archive: target });
  }

  const formHeading = useFocusOnReturn<HTMLHeadingElement>(step.name !== 'choose' && step.name !== 'check');
  if (step.name === 'choose') {
    return (
      <div className="restore">
        <h1>Restore my box</h1>
        <p className="lead">
          After your box was reset or re-flashed, this puts your archived backup back on it. First we check that your 24 words
          belong to the archive; only then is anything sent to the box. Afterwards your phone can restore from the box as usual.
        </p>
        <ArchivePicker onPick={(path) => void open(path)} />
      </div>
    );
  }
  // Progress, confirmation, error and success sit in front of the checks; the checks stay mounted
  // (hidden) while an archive is open, so "Back to the form" (named as in Archive) or "Keep the box's copy" finds the
  // 24 words where the person left them.
  let front: ReactElement | null = null;
  if (step.name === 'running') {
    front = (
      <ProgressView title="Restoring your backup to the box" stages={STAGES} progress={op.progress} estimate={op.estimate} onCancel={op.cancel} cancelling={op.cancelling} />
    );
  }
  if (step.name === 'error') {
    front = (
      <ErrorPanel
        error={step.error}
        actionLabel={step.archive ? 'Back to the form' : 'Choose another archive'}
        onAction={() => setStep(step.archive ? { name: 'check', archive: step.archive } : { name: 'choose' })}
        secondaryLabel="Back to the start"
        onSecondary={() => navigate('home')}
      />
    );
  }
  if (step.name === 'confirm-replace') {
    front = (
      <ReplaceConfirm
        archivePath={step.archive.path}
        fileName={step.archive.fileName}
        boxUrl={status?.url ?? boxUrl}
        backupId={wordsId!}
        onKeep={() => setStep({ name: 'check', archive: step.archive })}
        onReplace={() => void restore(step.archive, true)}
      />
    );
  }
  if (step.name === 'done') front = <RestoreSuccess outcome={step.outcome} boxUrl={step.boxUrl} demo={step.demo} />;

  if (!archive) return front;

  const a = archive;
  const boxReady = status !== null && status.problem === null && status.backupService?.installed === true;
  return (
    <>
      {front}
      <div className="restore" hidden={front !== null}>
        <h1 ref={formHeading} tabIndex={-1}>
          Restore my box
        </h1>
        <section className="panel" aria-labelledby="r-archive">
          <h2 id="r-archive">
            The archive {a.demo && <span className="badge badge-demo">DEMO</span>}
          </h2>
          <dl className="facts">
            <dt>File</dt>
            <dd>
              <code>{a.fileName}</code>
            </dd>
            <dt>Created</dt>
            <dd>{new Date(a.createdAt).toLocaleString()}</dd>
            <dt>From box</dt>
            <dd>{a.sourceBox ?? 'unknown (packed from a folder)'}</dd>
            <dt>Backup</dt>
            <dd>
              <code>{a.fingerprint.slice(0, 8)}…</code>
              {a.formatVersion === 2 ? ' (key files sealed to your words)' : ' (format 1: its key files are readable by anyone who has this file)'}
            </dd>
            <dt>Integrity</dt>
            <dd>
              <span className="badge badge-ok">Intact</span> all {a.files} files match their checksums
            </dd>
          </dl>
          <button type="button" className="link-button" onClick={() => setStep({ name: 'choose' })}>
            Choose another archive
          </button>
        </section>

        <section className="panel" aria-labelledby="r-words">
          <h2 id="r-words">Prove the archive is yours</h2>
          <MnemonicInput onChange={setWords} />
          <ul className="checks" aria-label="Checks">
            <li className={words?.valid ? 'check-ok' : 'check-wait'}>1. The words are valid {words?.valid ? '✓' : ''}</li>
            <li className={belongs ? 'check-ok' : check.state === 'other-backup' ? 'check-bad' : 'check-wait'}>
              2. They belong to this archive {belongs ? '✓' : check.state === 'other-backup' ? '✗' : ''}
            </li>
            <li className={opens ? 'check-ok' : check.state === 'does-not-open' ? 'check-bad' : 'check-wait'}>
              3. They open the backup {opens ? '✓' : check.state === 'does-not-open' ? '✗' : ''}
            </li>
          </ul>
          {check.state === 'other-backup' && (
            <div className="panel panel-error" role="alert" ref={otherBackup}>
              <p>
                <strong>These words are valid, but they belong to a different backup than this archive.</strong> Check that you
                typed the words written down for this backup, or choose the archive that belongs to them.
              </p>
              {matching && matching.length > 0 && (
                <>
                  <p>Archives the app found, on sticks and in its folders, that belong to these words:</p>
                  <ul>
                    {matching.map((m) => (
                      <li key={m.path}>
                        <button type="button" onClick={() => void open(m.path)}>
                          {m.fileName} on {m.where}
                          {m.demo && (
                            <>
                              {' '}
                              <span className="badge badge-demo">DEMO</span>
                            </>
                          )}
                        </button>
                      </li>
                    ))}
                  </ul>
                </>
              )}
              {matching && matching.length === 0 && <p>No archive the app found, on the attached sticks or in its folders, belongs to these words.</p>}
            </div>
          )}
          {check.state === 'incomplete' && (
            <p className="panel panel-error" role="alert">
              {check.message}
            </p>
          )}
          {check.state === 'does-not-open' && (
            <p className="panel panel-error" role="alert">
              {check.message}
            </p>
          )}
          {check.state === 'ok' && (
            <p className="summary" role="status">
              This is your backup: {check.summary.own} identit{check.summary.own === 1 ? 'y' : 'ies'} ({check.summary.names.join(', ')}) and{' '}
              {check.summary.peers} contact{check.summary.peers === 1 ? '' : 's'}.
            </p>
          )}
        </section>

        {check.state === 'ok' && (
          <section className="panel" aria-labelledby="r-box">
            <h2 id="r-box">Your box</h2>
            <BoxUrlField value={boxUrl} onChange={setBoxUrl} status={status} onStatus={setStatus} purpose="restore" />
            <p>
              We send the encrypted archive to the box and read it back. Your words are not sent. If the box already has a
              different copy of this backup, we ask before replacing it.
            </p>
            <div className="actions">
              <button type="button" className="primary" disabled={!boxReady} aria-describedby={boxReady ? undefined : 'restore-why'} onClick={() => void restore(a, false)}>
                Restore to box
              </button>
              {!boxReady && (
                <p className="hint" id="restore-why" aria-live="polite">
                  First check your box address.
                </p>
              )}
            </div>
          </section>
        )}
      </div>
    </>
  );
}
