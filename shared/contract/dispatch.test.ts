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
    expect(await d.dispatch('operation.cancel', {})).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
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

  it('cuts an event message that is longer than its schema allows, never drops the event (a 241-character stick label in a scrub notice)', () => {
    const events: [string, unknown][] = [];
    const d = make({}, events);
    const label = 'L'.repeat(241);
    d.emit('copies.changed', { reason: 'scrub', message: `The copy on ${label} made 2026-12-01 failed its last check: it did not read back intact (checksum mismatch).` });
    expect(events).toHaveLength(1);
    const message = (events[0]![1] as { message: string }).message;
    expect(message.length).toBeLessThanOrEqual(300);
    expect(message.startsWith('The copy on LLL')).toBe(true);
    expect(message.endsWith('…')).toBe(true);
  });

  it('operation.cancel stops the running operation it names, and the operation ends as cancelled', async () => {
    let seen: AbortSignal | null = null;
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const d = make({
      'inspect.scan': (_req: unknown, ctx: { signal: AbortSignal }) =>
        new Promise((_resolve, reject) => {
          seen = ctx.signal;
          started();
          ctx.signal.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })));
        }),
    });
    const pending = d.dispatch('inspect.scan', { operationId: 'scan-0001', directory: '/tmp' });
    await running;
    // The cancel request carries the same operationId as the scan: it must reach the scan, not be refused as a copy.
    expect(await d.dispatch('operation.cancel', { operationId: 'scan-0001' })).toEqual({ ok: true, value: { cancelled: true } });
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(seen!.aborted).toBe(true);
    // Once it ended, there is nothing left to cancel under that id.
    expect(await d.dispatch('operation.cancel', { operationId: 'scan-0001' })).toEqual({ ok: true, value: { cancelled: false } });
  });

  it('cancelling an id that is not running answers "nothing was running" instead of failing', async () => {
    const d = make({});
    expect(await d.dispatch('operation.cancel', { operationId: 'unknown-op' })).toEqual({ ok: true, value: { cancelled: false } });
    expect(d.cancel('unknown-op')).toBe(false);
  });

  it('refuses a second start under a running id, because progress and cancel could not tell the two runs apart', async () => {
    let release!: () => void;
    const d = make({
      'inspect.scan': () => new Promise((resolve) => (release = () => resolve({ items: [], truncated: false }))),
    });
    const first = d.dispatch('inspect.scan', { operationId: 'scan-0002', directory: '/tmp' });
    await Promise.resolve();
    expect(await d.dispatch('inspect.scan', { operationId: 'scan-0002', directory: '/tmp' })).toMatchObject({
      ok: false,
      error: { code: 'invalid-request', message: 'That operation is already running.' },
    });
    release();
    expect(await first).toEqual({ ok: true, value: { items: [], truncated: false } });
  });

  it('aborts the handler when the transport goes away (its signal aborts)', async () => {
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
  });
});
