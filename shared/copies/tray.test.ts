import { describe, expect, it } from 'vitest';
import type { CopiesView } from '../contract/copies';
import { trayModel } from './tray';

const view = (over: Partial<CopiesView['backups'][number]> = {}): CopiesView => {
  const backup = {
    backupRef: 'r'.repeat(64),
    backupIdPrefix: 'abcdefgh',
    demo: false,
    box: { state: 'checked' as const, checkedAt: '2026-11-26T12:00:00.000Z' },
    headline: '2 up-to-date copies: KINGSTON and Backup folder',
    tone: 'good' as const,
    currentPlaces: ['KINGSTON', 'Backup folder'],
    warnings: [],
    copies: [],
    unsealed: 0,
    ...over,
  };
  return { headline: backup.headline, tone: backup.tone, backups: [backup], seen: [], headlineOf: null, staleDays: 30, checkedAt: '2026-11-26T12:00:00.000Z' };
};

describe('tray model', () => {
  it('shows the headline as status and tooltip, with Archive now and Quit', () => {
    const m = trayModel({ view: view(), loginSupported: true, startAtLogin: false, busy: false });
    expect(m.tooltip).toBe('Identity Box Companion: 2 up-to-date copies: KINGSTON and Backup folder');
    expect(m.tone).toBe('good');
    expect(m.items.map((i) => i.id)).toEqual(['status', 'archive-now', 'verify-all', 'copies', 'open', 'start-at-login', 'quit']);
    expect(m.items.find((i) => i.id === 'start-at-login')).toMatchObject({ checked: false, enabled: true });
  });

  it('says the box changed since the last copy before anything else', () => {
    const m = trayModel({
      view: view({ headline: 'Box changed since your last copy: plug in a remembered stick, or archive, to copy the new backup.', tone: 'bad', warnings: [{ code: 'box-changed', message: 'x', nextStep: 'y' }] }),
      loginSupported: true,
      startAtLogin: true,
      busy: false,
    });
    expect(m.items[0]).toEqual({ id: 'status', label: 'Box changed since your last copy', enabled: false });
    expect(m.items.find((i) => i.id === 'start-at-login')!.checked).toBe(true);
  });

  it('offers no start-at-login where the OS cannot, and does not start work twice', () => {
    const m = trayModel({ view: null, loginSupported: false, startAtLogin: false, busy: true });
    expect(m.tone).toBe('unknown');
    expect(m.items.map((i) => i.id)).not.toContain('start-at-login');
    expect(m.items.find((i) => i.id === 'verify-all')).toMatchObject({ enabled: false, label: 'Checking copies…' });
    expect(m.items.find((i) => i.id === 'archive-now')!.enabled).toBe(false);
  });
});
