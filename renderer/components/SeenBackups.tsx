import { useState } from 'react';
import type { z } from 'zod';
import type { SeenBackup } from '../../shared/contract/copies';
import { useApi } from '../api';
import { age } from '../format';

type Seen = z.infer<typeof SeenBackup>;

/**
 * "Other backups seen on sticks": backups that are not the person's (support staff plug in
 * customers' sticks). Listed apart, never counted, never in the tray; one click says "This is
 * mine" or forgets one.
 */
export function SeenBackups({ seen, onChanged }: { seen: Seen[]; onChanged: () => void }) {
  const api = useApi();
  const [message, setMessage] = useState<string | null>(null);
  if (seen.length === 0 && !message) return null;

  async function act(backup: Seen, call: 'copies.claim' | 'copies.forgetSeen') {
    const res = await api.invoke(call, { backupRef: backup.backupRef });
    if (!res.ok) setMessage(res.error.message);
    else
      setMessage(
        call === 'copies.claim'
          ? `Backup ${backup.backupIdPrefix}… is now listed as yours, and its copies count.`
          : `Backup ${backup.backupIdPrefix}… is forgotten: it is not listed again. The files were not touched.`,
      );
    onChanged();
  }

  return (
    <section className="copies-seen" aria-labelledby="copies-seen-title">
      <h2 id="copies-seen-title">Other backups seen on sticks</h2>
      <p className="hint">Not yours as far as this app knows: they are not counted as your copies. Useful for support staff checking someone else&apos;s stick.</p>
      {message && (
        <p className="panel" role="status">
          {message}
        </p>
      )}
      <ul>
        {seen.map((b) => (
          <li key={b.backupRef}>
            Backup <code>{b.backupIdPrefix}…</code>: {b.copies.length} {b.copies.length === 1 ? 'archive' : 'archives'} on{' '}
            {[...new Set(b.copies.map((c) => c.place.label))].join(', ')}, newest made {age(b.copies[0]!.createdAt)}.{' '}
            <button type="button" className="link-button" onClick={() => void act(b, 'copies.claim')}>
              This is mine
            </button>{' '}
            <button type="button" className="link-button" onClick={() => void act(b, 'copies.forgetSeen')} aria-label={`Forget backup ${b.backupIdPrefix}`}>
              Forget
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
