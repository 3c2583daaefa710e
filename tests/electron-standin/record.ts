/**
 * What the Electron stand-in saw: every call into it, in order, and the hooks a test drives it by.
 * Kept apart from the Electron API itself (electron.ts) so `electron/` cannot reach it.
 */
export interface Call {
  api: string;
  method: string;
  args: unknown[];
}

export const calls: Call[] = [];

export function record(api: string, method: string, args: unknown[]): void {
  calls.push({ api, method, args });
}

/** Electron's listener event: `preventDefault()` marks it; Electron then skips the default action. */
export interface StandinEvent {
  defaultPrevented: boolean;
  preventDefault(): void;
}

export function newEvent<T extends object>(extra: T = {} as T): StandinEvent & T {
  const event = {
    ...extra,
    defaultPrevented: false,
    preventDefault() {
      event.defaultPrevented = true;
    },
  };
  return event;
}

/** Settings of one run of the stand-in (the harness fills them from its environment). */
export const settings = {
  userData: '',
  appVersion: '0.0.0',
  /** Another instance of the app already holds the single-instance lock. */
  lockHeld: false,
  /** The app is registered to start at login (macOS, Windows). */
  openAtLogin: false,
  /** The system keychain is available to safeStorage. */
  keychain: true,
  /** Called when the app terminates (after 'quit'): the harness reports it and ends the process. */
  onTerminate: (() => {}) as () => void,
};

/** JSON-safe copy of recorded arguments: functions, buffers and stand-in objects become short labels. */
export function serializable(value: unknown, depth = 0): unknown {
  if (typeof value === 'function') return '[function]';
  if (Buffer.isBuffer(value)) return `[buffer ${value.length} bytes]`;
  if (value === null || typeof value !== 'object') return value;
  if (depth > 12) return '[deep]';
  const label = (value as { standinLabel?: string }).standinLabel;
  if (typeof label === 'string') return label;
  if (Array.isArray(value)) return value.map((v) => serializable(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, serializable(v, depth + 1)]));
}
