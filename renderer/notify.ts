/**
 * Notifications for finished automatic work and for new warnings, each shown exactly once and in
 * one place: the system notification where the host has one (Electron, through app.notify), else
 * the browser's Notification API where the person allowed it, else an in-page toast.
 */
export interface Notice {
  /** Same key within the window = the same event delivered twice: shown once. */
  key: string;
  title: string;
  body: string;
  /** False when the page already shows this event itself (the automation banner): no toast then. */
  toast?: boolean;
}

export type Channel = 'system' | 'browser' | 'toast' | 'page';

export interface NotifierDeps {
  /** The host's system notification (app.notify); resolves false when it has none. */
  system(title: string, body: string): Promise<boolean>;
  /** The browser's Notification API when permission is granted, else null. */
  browser: ((title: string, body: string) => void) | null;
  toast(notice: Notice): void;
  now?: () => number;
}

const SAME_EVENT_MS = 10_000;

export function createNotifier(deps: NotifierDeps) {
  const recent = new Map<string, number>();
  const now = deps.now ?? Date.now;
  return async (notice: Notice): Promise<Channel | 'duplicate'> => {
    const at = now();
    for (const [key, when] of recent) if (at - when > SAME_EVENT_MS) recent.delete(key);
    if (recent.has(notice.key)) return 'duplicate';
    recent.set(notice.key, at);
    if (await deps.system(notice.title, notice.body).catch(() => false)) return 'system';
    if (deps.browser) {
      try {
        deps.browser(notice.title, notice.body);
        return 'browser';
      } catch {
        // A browser that refuses after all: fall through to the toast.
      }
    }
    if (notice.toast === false) return 'page';
    deps.toast(notice);
    return 'toast';
  };
}

/** The browser's Notification API, only where the person has allowed it (never asked for unprompted). */
export function browserNotification(): NotifierDeps['browser'] {
  const N = (globalThis as { Notification?: { permission: string; new (title: string, options: { body: string }): unknown } }).Notification;
  if (!N || N.permission !== 'granted') return null;
  return (title, body) => void new N(title, { body });
}
