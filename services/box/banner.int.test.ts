import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchBanner } from './banner';

// A cancel that arrives before the box check starts (the app stopping, a screen left) must end the
// check quietly: it once opened a request and destroyed it before listening for its error, and the
// "socket hang up" that followed was an uncaught exception, the kind that ends a long-lived host.
let url = '';
const server = createServer((_req, res) => res.end('@identity-box/rendezvous@1.0.0'));
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('the box check when cancelled', () => {
  it('already cancelled: says so, sends nothing, and raises nothing uncaught', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    let requests = 0;
    server.on('request', () => (requests += 1));
    try {
      const controller = new AbortController();
      controller.abort();
      for (let i = 0; i < 5; i++) expect(await fetchBanner(url, { deadlineMs: 2_000, signal: controller.signal })).toEqual({ kind: 'cancelled' });
      await new Promise((r) => setTimeout(r, 200));
      expect(uncaught).toEqual([]);
      expect(requests).toBe(0);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('cancelled while asking: says so, and raises nothing uncaught', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const controller = new AbortController();
      const pending = fetchBanner(url, { deadlineMs: 2_000, signal: controller.signal });
      controller.abort();
      expect(await pending).toEqual({ kind: 'cancelled' });
      await new Promise((r) => setTimeout(r, 200));
      expect(uncaught).toEqual([]);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('not cancelled: reads the banner', async () => {
    expect(await fetchBanner(url, { deadlineMs: 5_000 })).toEqual({ kind: 'text', text: '@identity-box/rendezvous@1.0.0' });
  });
});
