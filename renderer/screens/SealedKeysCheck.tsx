import { useEffect, useState } from 'react';
import { identityFromMnemonic } from '../../shared/archive/seal-key';
import type { Report } from '../../shared/inspect/report';
import { useApi } from '../api';

interface Props {
  archivePath: string;
  /** The owner's words (canonical), already proven to belong to this archive. */
  canonical: string;
}

/**
 * Format 2 with the owner present: the sealed key files are opened with the identity derived from
 * their words (in this window; the words do not leave it) and checked inside as for format 1.
 */
export function SealedKeysCheck({ archivePath, canonical }: Props) {
  const api = useApi();
  const [opened, setOpened] = useState<{ report: Report } | { error: string } | null>(null);
  useEffect(() => {
    const sealIdentity = identityFromMnemonic(canonical);
    if (!sealIdentity) return;
    let live = true;
    void api.invoke('inspect.path', { path: archivePath, sealIdentity }).then((res) => {
      if (live) setOpened(res.ok ? { report: res.value.report } : { error: res.error.message });
    });
    return () => {
      live = false;
    };
  }, [api, archivePath, canonical]);
  if (!opened) return <p role="status">Opening the sealed key files with your words…</p>;
  if ('error' in opened) return <p className="check-bad">{opened.error}</p>;
  const keyProblems = opened.report.problems.filter((p) => p.code === 'pem-invalid' || p.code === 'pem-unexpected-params');
  return (
    <div role="status" className={keyProblems.length ? 'check-bad' : 'check-ok'}>
      <p>
        Your words open {opened.report.pems.length} key file{opened.report.pems.length === 1 ? '' : 's'}
        {keyProblems.length ? `, with ${keyProblems.length} problem${keyProblems.length === 1 ? '' : 's'}:` : ', each a box key file in the expected form.'}
      </p>
      <ul>
        {opened.report.pems.map((p) => (
          <li key={p.path}>
            <code>{p.path}</code>: {p.kdf} with {p.prf}, {p.iterations.toLocaleString()} iterations, {p.cipher}
          </li>
        ))}
        {keyProblems.map((p, i) => (
          <li key={`p${i}`}>
            <code>{p.path ?? ''}</code>: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
