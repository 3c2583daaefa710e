import { useState } from 'react';
import { backupIdFromMnemonic } from '../../shared/backup-id';
import { recipientFromMnemonic } from '../../shared/archive/seal-key';
import type { AppErrorData } from '../../shared/errors';
import { useApi } from '../api';
import { ErrorPanel } from '../components/ErrorPanel';
import type { MnemonicState } from '../components/MnemonicInput';

interface Props {
  /** The archive as the person opened it. */
  archivePath: string;
  /** The owner's words, already checked against this archive by the report. */
  words: MnemonicState;
}

/**
 * A format-1 archive's key files are readable by anyone who has it: write a sealed (format 2)
 * copy beside it with the owner's words, verified, then, only after the person confirms, remove
 * the old one. The words stay in this window: only the id and the public key leave it.
 */
export function ResealPanel({ archivePath, words }: Props) {
  const api = useApi();
  const [state, setState] = useState<
    { name: 'idle' } | { name: 'busy' } | { name: 'sealed'; sealedPath: string; fileName: string } | { name: 'retired'; fileName: string } | { name: 'kept'; fileName: string } | { name: 'error'; error: AppErrorData }
  >({ name: 'idle' });

  async function reseal() {
    if (!words.canonical) return;
    const recipient = recipientFromMnemonic(words.canonical);
    if (!recipient) return;
    setState({ name: 'busy' });
    const res = await api.invoke('archive.reseal', { path: archivePath, backupId: backupIdFromMnemonic(words.canonical), recipient });
    setState(res.ok ? { name: 'sealed', sealedPath: res.value.sealedPath, fileName: res.value.fileName } : { name: 'error', error: res.error });
  }

  async function retire(sealedPath: string, fileName: string) {
    setState({ name: 'busy' });
    const res = await api.invoke('archive.retireUnsealed', { path: archivePath, sealedPath });
    setState(res.ok ? { name: 'retired', fileName } : { name: 'error', error: res.error });
  }

  return (
    <section className="panel reseal" aria-label="Reseal this archive">
      <p>This archive is format 1: its key files are readable by anyone who finds it. Reseal it to your words.</p>
      {state.name === 'idle' && (
        <button type="button" onClick={() => void reseal()}>
          Reseal with my words
        </button>
      )}
      {state.name === 'busy' && <p role="status">Sealing and checking…</p>}
      {state.name === 'sealed' && (
        <>
          <p role="status">
            A sealed copy was written beside it and verified: <code>{state.fileName}</code>. Remove the old, unsealed archive?
          </p>
          <div className="actions">
            <button type="button" onClick={() => void retire(state.sealedPath, state.fileName)}>
              Remove the old archive
            </button>
            <button type="button" className="secondary" onClick={() => setState({ name: 'kept', fileName: state.fileName })}>
              Keep both
            </button>
          </div>
        </>
      )}
      {state.name === 'retired' && <p role="status">Done: only the sealed archive {state.fileName} is left.</p>}
      {state.name === 'kept' && <p role="status">Both archives are kept. The old one is still readable by anyone who finds it.</p>}
      {state.name === 'error' && <ErrorPanel error={state.error} headingLevel={2} actionLabel="Try again" onAction={() => setState({ name: 'idle' })} />}
    </section>
  );
}
