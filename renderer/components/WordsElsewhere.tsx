import { useEffect, useState } from 'react';
import type { z } from 'zod';
import type { ArchiveCandidate } from '../../shared/contract/restore';
import { useApi } from '../api';

type Candidate = z.infer<typeof ArchiveCandidate>;
export type WhereTheWordsBelong = { state: 'idle' } | { state: 'asking' } | { state: 'here'; bytes: number | null } | { state: 'elsewhere'; fromBox: string | null; archives: Candidate[] };

/**
 * Before "Archive now": the backup (of the typed words, or the one remembered for this box:
 * `backupId` 'remembered') is looked for on the box being archived from, with its size. When typed
 * words have no backup there, the box this app last archived it from and the archives that belong
 * to the words (the ones Restore names) are found, so the person learns it before the click.
 */
export function useWhereTheWordsBelong(boxUrl: string | null, backupId: string | null): WhereTheWordsBelong {
  const api = useApi();
  // The answer for one box and one backup; anything else is not asked yet (or no longer).
  const [answer, setAnswer] = useState<{ key: string; answer: WhereTheWordsBelong } | null>(null);
  const key = boxUrl && backupId ? `${boxUrl} ${backupId}` : null;
  useEffect(() => {
    if (!key || !boxUrl || !backupId) return;
    let alive = true;
    const settle = (a: WhereTheWordsBelong) => alive && setAnswer({ key, answer: a });
    void (async () => {
      const remembered = backupId === 'remembered';
      const res = await api.invoke('archive.backupOnBox', remembered ? { boxUrl, useRemembered: true } : { boxUrl, backupId });
      // A box that cannot say is left to the archive itself, and so is a remembered backup.
      if (!res.ok || res.value.onBox !== 'no' || remembered) return settle({ state: 'here', bytes: res.ok ? res.value.bytes : null });
      const found = await api.invoke('restore.candidates', { backupId });
      settle({ state: 'elsewhere', fromBox: res.value.fromBox, archives: found.ok ? found.value.archives.filter((a) => a.matches) : [] });
    })();
    return () => {
      alive = false;
    };
  }, [api, key, boxUrl, backupId]);
  if (!key) return { state: 'idle' };
  return answer?.key === key ? answer.answer : { state: 'asking' };
}

/** What the person reads when the words belong to a backup this box does not hold. */
export function WordsElsewhere({ boxUrl, answer }: { boxUrl: string; answer: Extract<WhereTheWordsBelong, { state: 'elsewhere' }> }) {
  const newest = answer.archives[0];
  return (
    <div className="panel panel-error" role="alert">
      <p>
        <strong>Your box at {boxUrl} has no backup for these words.</strong>{' '}
        {answer.fromBox
          ? `They belong to the backup this app archived from the box at ${answer.fromBox}. Check that address above, or type the words of the backup made on this box.`
          : 'Check that you typed the words of the backup made on this box, and that your phone has made a backup on it.'}
      </p>
      {newest && (
        <p>
          Its newest archive here: <code>{newest.fileName}</code> on {newest.where}
          {newest.demo ? ' (the demo backup)' : ''}.
        </p>
      )}
    </div>
  );
}
