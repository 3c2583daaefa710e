import { describe, expect, it } from 'vitest';
import { createNotifier, type Notice } from './notify';

const notice = (key: string): Notice => ({ key, title: 'Identity Box Companion', body: key });

describe('notifier', () => {
  it('uses the system notification when the host has one, and nothing else', async () => {
    const shown: string[] = [];
    const notify = createNotifier({ system: async () => (shown.push('system'), true), browser: () => shown.push('browser'), toast: () => shown.push('toast') });
    expect(await notify(notice('a'))).toBe('system');
    expect(shown).toEqual(['system']);
  });

  it('falls back to the browser API where permitted, else to an in-page toast', async () => {
    const shown: string[] = [];
    const withBrowser = createNotifier({ system: async () => false, browser: () => shown.push('browser'), toast: () => shown.push('toast') });
    expect(await withBrowser(notice('a'))).toBe('browser');
    const refused = createNotifier({ system: async () => false, browser: null, toast: () => shown.push('toast') });
    expect(await refused(notice('a'))).toBe('toast');
    const throwing = createNotifier({ system: async () => Promise.reject(new Error('gone')), browser: () => { throw new Error('denied'); }, toast: () => shown.push('toast') });
    expect(await throwing(notice('a'))).toBe('toast');
    expect(shown).toEqual(['browser', 'toast', 'toast']);
    // An event the page already shows in its own banner gets no second, in-page toast.
    expect(await refused({ ...notice('b'), toast: false })).toBe('page');
    expect(shown).toHaveLength(3);
  });

  it('never shows one event twice, but shows it again once it happens again later', async () => {
    let t = 0;
    const shown: string[] = [];
    const notify = createNotifier({ system: async () => false, browser: null, toast: (n) => shown.push(n.key), now: () => t });
    await notify(notice('x'));
    await notify(notice('x'));
    t += 60_000;
    await notify(notice('x'));
    expect(shown).toEqual(['x', 'x']);
  });
});
