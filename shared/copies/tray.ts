import type { CopiesView } from '../contract/copies';
import { BOX_CHANGED } from './model';

/**
 * The tray / menu-bar icon's model: its tooltip, its colour and its menu, from the copies view and
 * the app's state. Pure, so it is tested without Electron; electron/tray.ts only draws it.
 */
export type TrayAction = 'open' | 'archive-now' | 'copies' | 'verify-all' | 'start-at-login' | 'quit';

export interface TrayItem {
  id: TrayAction | 'status';
  label: string;
  enabled: boolean;
  /** A checkbox item (start at login). */
  checked?: boolean;
}

export interface TrayInput {
  view: CopiesView | null;
  /** The OS can start the app at login (Electron on macOS and Windows; Linux desktops vary). */
  loginSupported: boolean;
  startAtLogin: boolean;
  /** A verify-all or an archive is running: its item is shown disabled, not started twice. */
  busy: boolean;
}

export interface TrayModel {
  tooltip: string;
  tone: 'good' | 'warn' | 'bad' | 'unknown';
  items: TrayItem[];
}

const TITLE = 'Identity Box Companion';

/** One short status line: the headline, or the most pressing warning. */
export function trayStatus(view: CopiesView | null): string {
  if (!view) return 'Looking for your copies…';
  const own = view.backups.find((b) => !b.demo) ?? view.backups[0];
  if (own?.warnings.some((w) => w.code === 'box-changed')) return BOX_CHANGED;
  if (own?.warnings.some((w) => w.code === 'failed')) return 'A copy failed its last check';
  return view.headline;
}

export function trayModel(input: TrayInput): TrayModel {
  const status = trayStatus(input.view);
  const items: TrayItem[] = [
    { id: 'status', label: status, enabled: false },
    { id: 'archive-now', label: 'Archive now…', enabled: !input.busy },
    { id: 'verify-all', label: input.busy ? 'Checking copies…' : 'Verify all copies now', enabled: !input.busy },
    { id: 'copies', label: 'Show my copies', enabled: true },
    { id: 'open', label: `Open ${TITLE}`, enabled: true },
  ];
  if (input.loginSupported) items.push({ id: 'start-at-login', label: 'Start at login (archive sticks without opening the window)', enabled: true, checked: input.startAtLogin });
  items.push({ id: 'quit', label: 'Quit', enabled: true });
  return { tooltip: `${TITLE}: ${status}`, tone: input.view && input.view.tone !== 'neutral' ? input.view.tone : 'unknown', items };
}
