import { useEffect, useRef, useState, type ReactElement } from 'react';
import type { z } from 'zod';
import { backupIdFromMnemonic } from '../../shared/backup-id';
import { recipientFromMnemonic } from '../../shared/archive/seal-key';
import { cloudSyncedBy } from '../../shared/cloud';
import type { PullResult } from '../../shared/contract/archive';
import type { BoxStatus } from '../../shared/contract/box';
import type { AppErrorData } from '../../shared/errors';
import { useApi } from '../api';
import { BoxUrlField } from '../components/BoxUrlField';
import { DestinationPicker } from '../components/DestinationPicker';
import { ErrorPanel } from '../components/ErrorPanel';
import { MnemonicInput, type MnemonicState } from '../components/MnemonicInput';
import { ProgressView } from '../components/ProgressView';
import { useWhereTheWordsBelong, WordsElsewhere } from '../components/WordsElsewhere';
import { prefillBoxUrl } from '../prefill';
import { navigate, routeParam } from '../router';
import { useFocusOnReturn } from '../useFocusOnReturn';
import { archiveEstimate } from '../estimate';
import { paceSeeds, useBoxPace } from '../useBoxPace';
import { useOperation } from '../useOperation';
import { ArchiveAlreadyThere } from './ArchiveAlreadyThere';
import { ArchiveSuccess } from './ArchiveSuccess';
import './Archive.css';

/** The named stages; a folder on this computer is not called a stick. */
const stages = (toStick: boolean) => [
  { id: 'connecting', label: 'Connecting to the box' },
  { id: 'downloading', label: 'Downloading the encrypted backup' },
  { id: 'checking', label: 'Checking every file' },
  { id: 'writing', label: 'Writing the archive' },
  { id: 'syncing', label: toStick ? 'Syncing to the stick' : 'Syncing to the disk' },
  { id: 'verifying', label: 'Reading it back to verify' },
  { id: 'done', label: 'Done' },
];

type Step = { name: 'setup' } | { name: 'running' } | { name: 'done'; result: z.infer<typeof PullResult> } | { name: 'error'; error: AppErrorData };

/** Archive my backup: box -> words (once) -> destination -> named stages -> verified success. */
export function ArchiveScreen() {
  const api = useApi();
  const op = useOperation();
  const [step, setStep] = useState<Step>({ name: 'setup' });
  const [boxUrl, setBoxUrl] = useState('');
  const [status, setStatus] = useState<BoxStatus | null>(null);
  const [rememberedFor, setRememberedFor] = useState<{ url: string; prefix: string; storage: string; sealing: boolean } | null>(null);
  // Bumped after an archive succeeds: the box's backup id is remembered from then on.
  const [archivedCount, setArchivedCount] = useState(0);
  const remembered = status && !status.problem && rememberedFor?.url === status.url ? rememberedFor : null;
  const [useRemembered, setUseRemembered] = useState(true);
  const [words, setWords] = useState<MnemonicState | null>(null);
  const [destination, setDestination] = useState<string | null>(null);
  // The chosen stick was unplugged: the form keeps everything, "Archive now" waits for it.
  const [destinationGone, setDestinationGone] = useState<string | null>(null);
  const [cloudOk, setCloudOk] = useState(false);
  // Folders whose cloud warning was accepted before are not warned about again.
  const [cloudKnown, setCloudKnown] = useState<string | null>(null);
  useEffect(() => {
    if (!destination || !cloudSyncedBy(destination)) return;
    void api.invoke('archive.preflight', { destination }).then((res) => {
      if (res.ok && res.value.cloudAccepted) setCloudKnown(destination);
    });
  }, [api, destination]);

  // Prefill: the demo box running now (from the demo screen), else the last real box, else a running demo box.
  useEffect(() => {
    void prefillBoxUrl(api, { lastRealBox: true }).then((url) => url && setBoxUrl((u) => u || url));
  }, [api]);

  // Which box the remembered-backup lookup last answered for: until it has, section 2 is busy.
  const [lookedUp, setLookedUp] = useState<string | null>(null);
  const typing = useRef(false);
  useEffect(() => {
    typing.current = words !== null && words.check.status !== 'empty';
  }, [words]);
  useEffect(() => {
    if (!status || status.problem) return;
    void api.invoke('archive.remembered', { boxUrl: status.url }).then((res) => {
      if (res.ok && res.value.remembered && res.value.backupIdPrefix) {
        // Never take the word field away from someone already typing in it.
        if (typing.current) setUseRemembered(false);
        setRememberedFor({ url: status.url, prefix: res.value.backupIdPrefix, storage: res.value.storage, sealing: res.value.sealing });
      }
      setLookedUp(status.url);
    });
  }, [api, status, archivedCount]);
  const lookingUp = status !== null && !status.problem && lookedUp !== status.url;

  const boxReady = status !== null && status.problem === null && status.backupService?.installed === true;
  const haveId = (remembered && useRemembered) || words?.valid === true;
  // Typed words of a backup this box does not hold are named before "Archive now", not after it.
  const typedId = (!remembered || !useRemembered) && words?.valid && words.canonical ? backupIdFromMnemonic(words.canonical) : null;
  const belongs = useWhereTheWordsBelong(boxReady ? status.url : null, remembered && useRemembered ? 'remembered' : typedId);
  // How long it will take, said only when this box's speed and the backup's size are known.
  const pace = useBoxPace(boxReady ? status.url : null, archivedCount);
  const estimate = archiveEstimate(belongs.state === 'here' ? belongs.bytes : null, pace);
  const elsewhere = belongs.state === 'elsewhere' ? belongs : null;
  const cloud = destination && cloudKnown !== destination ? cloudSyncedBy(destination) : null;
  const ready = boxReady && haveId && !elsewhere && destination !== null && destinationGone === null && (!cloud || cloudOk);

  // Switching between the remembered id and typed words starts the words afresh (the field is new).
  function chooseRemembered(use: boolean) {
    setUseRemembered(use);
    setWords(null);
  }

  const [toStick, setToStick] = useState(false);
  async function start(duplicate = false) {
    if (!status || !destination) return;
    const drives = await api.invoke('drives.list', {});
    const inside = (mount: string) => {
      const base = mount.replace(/[\\/]+$/, '');
      return destination === mount || destination === base || destination.startsWith(`${base}/`) || destination.startsWith(`${base}\\`);
    };
    setToStick(drives.ok && drives.value.volumes.some((v) => inside(v.mountPoint)));
    setStep({ name: 'running' });
    const backupId = remembered && useRemembered ? undefined : backupIdFromMnemonic(words!.canonical!);
    // The public key of the words seals the archive's key files (format 2), and is remembered for automatic archives.
    const recipient = backupId ? (recipientFromMnemonic(words!.canonical!) ?? undefined) : undefined;
    const res = await op.run('archive.pull', (operationId) => ({
      operationId,
      boxUrl: status.url,
      ...(backupId ? { backupId, recipient } : { useRemembered: true }),
      destination,
      remember: true,
      ...(cloud && cloudOk ? { acceptCloud: true } : {}),
      ...(duplicate ? { duplicate: true } : {}),
    }), paceSeeds(pace));
    setStep(res.ok ? { name: 'done', result: res.value } : { name: 'error', error: res.error });
    if (res.ok) setArchivedCount((n) => n + 1);
  }

  // The progress, success and error screens sit in front of the form; the form stays mounted
  // (hidden) so "Back to the form" or "Archive to another place" finds the box, the words and the
  // destination as the person left them instead of asking for all 24 words again.
  let front: ReactElement | null = null;
  if (step.name === 'running') {
    front = <ProgressView title="Archiving your backup" stages={stages(toStick)} progress={op.progress} estimate={op.estimate} onCancel={op.cancel} cancelling={op.cancelling} />;
  } else if (step.name === 'done' && step.result.alreadyThere) {
    front = <ArchiveAlreadyThere result={{ ...step.result, alreadyThere: step.result.alreadyThere }} onAnotherPlace={() => setStep({ name: 'setup' })} onDuplicate={() => void start(true)} />;
  } else if (step.name === 'done') {
    front = <ArchiveSuccess result={step.result} boxUrl={status?.url ?? boxUrl} onAgain={() => setStep({ name: 'setup' })} />;
  } else if (step.name === 'error') {
    front = (
      <ErrorPanel
        error={step.error}
        actionLabel="Back to the form"
        onAction={() => setStep({ name: 'setup' })}
        secondaryLabel="Back to the start"
        onSecondary={() => navigate('home')}
      />
    );
  }

  const formHeading = useFocusOnReturn<HTMLHeadingElement>(front !== null);
  return (
    <>
      {front}
      <div className="archive" hidden={front !== null}>
        <h1 ref={formHeading} tabIndex={-1}>
          Archive my backup
        </h1>
        <p className="lead">
          We copy the encrypted backup your phone keeps on your box to a USB stick or folder, then read it back to make sure
          every byte arrived. The backup stays encrypted: without your 24 words nobody can open it.{estimate && ` ${estimate}`}
        </p>

        <section className="panel" aria-labelledby="a-box">
          <h2 id="a-box">1. Your box</h2>
          <BoxUrlField value={boxUrl} onChange={setBoxUrl} status={status} onStatus={setStatus} />
        </section>

        <section className="panel" aria-labelledby="a-words" aria-busy={lookingUp}>
          <h2 id="a-words">2. Which backup</h2>
          {remembered && (
            <div className="remembered">
              <label>
                <input type="radio" name="which" checked={useRemembered} onChange={() => chooseRemembered(true)} /> Use the backup this app
                remembers for this box (backup <code>{remembered.prefix}…</code>)
              </label>
              <label>
                <input type="radio" name="which" checked={!useRemembered} onChange={() => chooseRemembered(false)} /> Use different words
              </label>
              <p className="hint">{remembered.storage}</p>
              {!remembered.sealing && (
                <p className="hint" role="note">
                  Type your words once more (“Use different words”) so this app can seal the key files in every archive to them, automatic
                  ones included. Until then its archives are format 1: readable by anyone who finds the stick.
                </p>
              )}
            </div>
          )}
          {(!remembered || !useRemembered) && (
            <>
              <p>Type your 24 words once. They only identify your backup; the archive stays encrypted and the words are not saved.</p>
              <MnemonicInput onChange={setWords} />
              {elsewhere && status && <WordsElsewhere boxUrl={status.url} answer={elsewhere} />}
            </>
          )}
        </section>

        <section className="panel" aria-labelledby="a-dest">
          <h2 id="a-dest">3. Where the archive goes</h2>
          <DestinationPicker value={destination} suggested={routeParam('to')} onUnavailable={setDestinationGone} onChange={(d) => {
            setDestination(d);
            setCloudOk(false);
          }} />
          {cloud && (
            <div className="panel panel-warn" role="note">
              <p>
                <strong>This folder is synced by {cloud}.</strong> Anyone who gets into that account gets a copy of your encrypted
                archive, and deleting it later means deleting it there too. An offline USB stick is safer.
              </p>
              <label>
                <input type="checkbox" checked={cloudOk} onChange={(e) => setCloudOk(e.target.checked)} /> I understand; archive here anyway
              </label>
            </div>
          )}
        </section>

        <div className="actions">
          <button type="button" className="primary" disabled={!ready} onClick={() => void start()}>
            Archive now
          </button>
          {!ready && (
            <p className="hint" aria-live="polite">
              {!boxReady ? 'First check your box address.' : !haveId ? 'Then enter your 24 words.' : elsewhere ? 'These words are of a backup this box does not hold (see above).' : !destination ? 'Then choose where the archive goes.' : destinationGone ?? 'Confirm the cloud warning above.'}
            </p>
          )}
        </div>
      </div>
    </>
  );
}
