import { useEffect, useMemo, useRef, useState } from 'react';
import { useApi } from '../api';
import { browserNotification, createNotifier, type Notice } from '../notify';
import '../screens/Copies.css';
import { useCopies } from '../useCopies';
import { INFORM_MS } from './AutomationNotice';

const TITLE = 'Identity Box Companion';

/** Turns finished automatic work and new warnings into one notification each (renderer/notify.ts). */
export function Notifications() {
  const api = useApi();
  const [toasts, setToasts] = useState<Notice[]>([]);
  const [expanded, setExpanded] = useState(false);
  const notify = useMemo(
    () =>
      createNotifier({
        system: async (title, body) => {
          const res = await api.invoke('app.notify', { title, body });
          return res.ok && res.value.shown;
        },
        browser: browserNotification(),
        toast: (n) => {
          setToasts((list) => [...list.filter((t) => t.key !== n.key), n].slice(-3));
          // A toast is news, not a record (the Copies screen is): it leaves by itself.
          setTimeout(() => setToasts((list) => list.filter((t) => t !== n)), INFORM_MS);
        },
      }),
    [api],
  );

  useEffect(() => {
    const offs = [
      api.on('automation.ran', (e) => {
        const body = !e.ok
          ? `The automatic archive to "${e.label}" did not work: ${e.error?.message ?? ''}`
          : e.note
            ? `"${e.label}": ${e.note.sentence}`
            : e.upToDate
            ? `"${e.label}" is already up to date, checked just now.`
            : `Your backup was archived to "${e.label}" and verified.`;
        void notify({ key: `automation:${body}`, title: TITLE, body, toast: false });
      }),
      api.on('copies.changed', (e) => {
        if (e.message) void notify({ key: `copies:${e.message}`, title: TITLE, body: e.message });
      }),
    ];
    return () => offs.forEach((off) => off());
  }, [api, notify]);

  // New warnings (not the ones already there when the app opened) are notified once each.
  const { view } = useCopies();
  const known = useRef<Set<string> | null>(null);
  useEffect(() => {
    if (!view) return;
    const current = new Map<string, string>();
    // The demo's copies are not the person's backup: its warnings stay on the Copies screen, never pop up.
    for (const b of view.backups) for (const w of b.warnings) if (w.code !== 'no-copy' && !b.demo) current.set(`${b.backupRef}:${w.code}:${w.path ?? ''}`, w.message);
    if (known.current) for (const [key, message] of current) if (!known.current.has(key)) void notify({ key: `warning:${key}`, title: TITLE, body: message });
    known.current = new Set(current.keys());
  }, [view, notify]);

  // A warning that no longer holds takes its toast with it.
  const holding = new Set(view?.backups.flatMap((b) => b.warnings.map((w) => `warning:${b.backupRef}:${w.code}:${w.path ?? ''}`)) ?? []);
  const shown = toasts.filter((t) => !t.key.startsWith('warning:') || holding.has(t.key));
  if (!shown.length) return null;
  // Only the newest is open; the others wait behind a count, so the dock stays one notice high.
  const open = expanded ? shown : shown.slice(-1);
  return (
    <div className="toasts" role="region" aria-label="Notifications">
      {shown.length > 1 && (
        <button type="button" className="link-button toast-count" aria-expanded={expanded} onClick={() => setExpanded((e) => !e)}>
          {expanded ? 'Show only the newest notice' : `${shown.length - 1} more ${shown.length === 2 ? 'notice' : 'notices'}`}
        </button>
      )}
      {open.map((t) => (
        <div key={t.key} className="toast" role="status">
          <p>{t.body}</p>
          <button type="button" onClick={() => setToasts((list) => list.filter((x) => x.key !== t.key))}>
            Dismiss
          </button>
        </div>
      ))}
    </div>
  );
}
