import { describe, expect, it } from 'vitest';
import type { CompanionApi } from '../shared/contract';
import type { CopiesView } from '../shared/contract/copies';
import { copiesStoreFor, createCopiesStore } from './copies-store';

/** An api whose copies.list calls stay open until the test answers them, and whose events the test fires. */
function fakeApi() {
  const calls: { resolve: (headline: string) => void; request: { operationId?: string } }[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const api = {
    invoke: (name: string, request: { operationId?: string }) => {
      expect(name).toBe('copies.list');
      return new Promise((resolve) => calls.push({ request, resolve: (headline) => resolve({ ok: true, value: { headline } as unknown as CopiesView }) }));
    },
    on: (name: string, listener: (payload: unknown) => void) => {
      const set = listeners.get(name) ?? new Set();
      set.add(listener);
      listeners.set(name, set);
      return () => set.delete(listener);
    },
  } as unknown as CompanionApi;
  const fire = (name: string, payload: unknown = {}) => listeners.get(name)?.forEach((l) => l(payload));
  const subscribed = () => [...listeners.values()].reduce((n, s) => n + s.size, 0);
  return { api, calls, fire, subscribed };
}
const settle = () => new Promise((r) => setTimeout(r, 0));

describe('the shared copies view of a window', () => {
  it('three components showing the copies make one copies.list call on opening and one per event, not one each', async () => {
    const { api, calls, fire } = fakeApi();
    const store = copiesStoreFor(api);
    expect(copiesStoreFor(api)).toBe(store);
    const offs = [store.subscribe(() => {}), store.subscribe(() => {}), store.subscribe(() => {})];
    void store.load();
    void store.load();
    void store.load();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve('opened');
    await settle();
    expect(store.getState().view?.headline).toBe('opened');

    fire('drives.changed');
    expect(calls).toHaveLength(2);
    calls[1]!.resolve('plugged');
    await settle();
    expect(store.getState().view?.headline).toBe('plugged');
    offs.forEach((off) => off());
  });

  it('changes during a call are followed by exactly one more call, so the view never stays older than the last change', async () => {
    const { api, calls, fire } = fakeApi();
    const store = createCopiesStore(api);
    const off = store.subscribe(() => {});
    fire('copies.changed');
    fire('automation.ran');
    fire('drives.changed');
    store.refresh();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve('before the changes');
    await settle();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve('after the changes');
    await settle();
    expect(calls).toHaveLength(2);
    expect(store.getState().view?.headline).toBe('after the changes');
    off();
  });

  it('listens to the events only while something shows the copies', () => {
    const { api, subscribed } = fakeApi();
    const store = createCopiesStore(api);
    const a = store.subscribe(() => {});
    const b = store.subscribe(() => {});
    // Three kinds of change, and the progress of its own copies.list (the wait for another program).
    expect(subscribed()).toBe(4);
    a();
    expect(subscribed()).toBe(4);
    b();
    expect(subscribed()).toBe(0);
  });

  it('keeps the last view and says why when copies.list fails, so a passing error does not blank the screen', async () => {
    const { api } = fakeApi();
    let fail = false;
    const failing = { ...api, invoke: async () => (fail ? { ok: false, error: { code: 'internal', message: 'Could not read the catalog.' } } : { ok: true, value: { headline: 'ok' } }) } as unknown as CompanionApi;
    const store = createCopiesStore(failing);
    await store.load();
    fail = true;
    await store.load();
    expect(store.getState()).toEqual({ view: { headline: 'ok' }, failed: 'Could not read the catalog.', waiting: null });
  });

  it('says "Waiting for another program that is using this box…" while its look at the box waits, and only for its own call', async () => {
    const { api, calls, fire } = fakeApi();
    const store = createCopiesStore(api);
    const off = store.subscribe(() => {});
    void store.load();
    const operationId = calls[0]!.request.operationId!;
    expect(operationId).toMatch(/^[A-Za-z0-9_-]{8,64}$/);
    fire('operation.progress', { operationId: 'someone-else', stage: 'connecting', done: 0, total: null, message: 'other' });
    expect(store.getState().waiting).toBeNull();
    fire('operation.progress', { operationId, stage: 'connecting', done: 0, total: null, message: 'Waiting for another program that is using this box…' });
    expect(store.getState().waiting).toBe('Waiting for another program that is using this box…');
    calls[0]!.resolve('done');
    await settle();
    expect(store.getState()).toMatchObject({ view: { headline: 'done' }, waiting: null });
    off();
  });
});
