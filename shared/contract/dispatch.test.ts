import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createDispatcher } from './dispatch';

// The dispatcher is the one place every transport validates through; test it with the real
// contract's app calls and a handler table cast to the shape each test needs.
type AnyHandlers = Parameters<typeof createDispatcher>[0];

function make(overrides: Record<string, unknown>, events: [string, unknown][] = []) {
  const handlers = {
    'app.info': () => ({
      name: 'n',
      version: '1',
      host: 'browser-host',
      platform: 'linux',
      dataDir: '/tmp/x',
      nativeDialogs: false,
      secretStorage: 'file',
    }),
    ...overrides,
  } as unknown as AnyHandlers;
  return createDispatcher(handlers, (name, payload) => events.push([name, payload]));
}

describe('dispatcher', () => {
  it('returns ok with the validated result', async () => {
    const res = await make({}).dispatch('app.info', {});
    expect(res).toMatchObject({ ok: true, value: { host: 'browser-host' } });
  });

  it('rejects unknown calls and invalid requests as data', async () => {
    const d = make({});
    expect(await d.dispatch('nope', {})).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await d.dispatch('operation.cancel', { operationId: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('turns AppError into its code and message, anything else into internal', async () => {
    const failing = make({
      'app.info': () => {
        throw new AppError('not-found', 'The file is not there.');
      },
    });
    expect(await failing.dispatch('app.info', {})).toEqual({ ok: false, error: { code: 'not-found', message: 'The file is not there.' } });
    const crashing = make({
      'app.info': () => {
        throw new TypeError('secret detail that must not leak');
      },
    });
    const res = await crashing.dispatch('app.info', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(JSON.stringify(res)).not.toContain('secret detail');
  });

  it('refuses a result that does not match its schema', async () => {
    const d = make({ 'app.info': () => ({ name: 'n' }) });
    expect(await d.dispatch('app.info', {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('validates events before they leave', () => {
    const events: [string, unknown][] = [];
    const d = make({}, events);
    d.emit('operation.progress', { operationId: 'abcdefgh', stage: 'writing', done: 1, total: 2 });
    d.emit('operation.progress', { operationId: 'bad id!', stage: 'writing', done: 1, total: 2 });
    expect(events).toHaveLength(1);
  });

  it('cancels a running operation by id and reports it as cancelled', async () => {
    // Use a real cancellable shape: any call whose request carries operationId. app.info has none,
    // so exercise cancel() directly through a handler that waits on its signal.
    let seen: AbortSignal | null = null;
    const d = make({
      'app.info': (_req: unknown, ctx: { signal: AbortSignal }) =>
        new Promise((_resolve, reject) => {
          seen = ctx.signal;
          ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        }),
    });
    const outer = new AbortController();
    const pending = d.dispatch('app.info', {}, outer.signal);
    outer.abort();
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(seen!.aborted).toBe(true);
    expect(d.cancel('unknown-op')).toBe(false);
  });
});
