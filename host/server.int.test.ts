import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { setQuiet } from '../services/log';
import { runBrowserHost } from './main';

// The browser host is the app's second door: it must refuse anything without the token, from
// another origin or Host name, and answer malformed payloads with a validation error.
let running: Awaited<ReturnType<typeof runBrowserHost>>;
let dataDir: string;

beforeAll(async () => {
  setQuiet(true);
  dataDir = mkdtempSync(join(tmpdir(), 'idbox-host-'));
  running = await runBrowserHost({ port: 0, dataDir });
});

afterAll(async () => {
  await running.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function call(name: string, body: unknown, headers: Record<string, string> = {}) {
  return fetch(`${running.host.url}api/call/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${running.host.token}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('browser host', () => {
  it('listens on loopback only and serves the renderer with a CSP', async () => {
    expect(running.host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const res = await fetch(running.host.url);
    expect([200, 503]).toContain(res.status);
    if (res.status === 200) expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  });

  it('answers a valid call with a typed result from a real service', async () => {
    const res = await call('app.info', {});
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { host: 'browser-host', dataDir, nativeDialogs: false } });
  });

  it('names its run without the token (so a refused window can tell "restarted" from "wrong link"), and nothing more', async () => {
    const a = (await (await fetch(`${running.host.url}api/instance`)).json()) as { instance: string };
    const b = (await (await fetch(`${running.host.url}api/instance`)).json()) as { instance: string };
    expect(a.instance).toMatch(/^[A-Za-z0-9_-]{16}$/);
    expect(b.instance).toBe(a.instance);
    expect(a.instance).not.toContain(running.host.token);
    expect((await fetch(`${running.host.url}api/instance`, { method: 'POST' })).status).toBe(401);
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    expect((await call('app.info', {}, { authorization: '' })).status).toBe(401);
    expect((await call('app.info', {}, { authorization: 'Bearer wrong-token' })).status).toBe(401);
  });

  it('refuses another Origin and another Host name', async () => {
    expect((await call('app.info', {}, { origin: 'http://evil.example' })).status).toBe(403);
    // fetch() will not send a forged Host header (as a DNS-rebinding page would): use http directly.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${running.host.url}api/call/app.info`,
        {
          method: 'POST',
          headers: { host: 'evil.example', 'content-type': 'application/json', authorization: `Bearer ${running.host.token}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(403);
  });

  it('answers malformed payloads with a validation error, not a crash', async () => {
    const bad = await (await call('operation.cancel', { operationId: 5 })).json();
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const notJson = await (await call('app.info', '{nope')).json();
    expect(notJson).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const unknown = await (await call('no.such', {})).json();
    expect(unknown).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    // still alive
    expect((await call('app.info', {})).status).toBe(200);
  });

  it('answers 400 to a malformed percent-escape or an encoded NUL, since the address itself is wrong', async () => {
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request(`${running.host.url}${path.slice(1)}`, { method: 'GET' }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end();
      });
    for (const path of ['/%', '/%zz', '/%E0%A4%A', '/assets/%C0%AF', '/a%ff.js', '/%00', '/assets/x%00.js', '/%%41']) {
      expect(await get(path), path).toBe(400);
    }
    // still alive, and a well-formed escape still works
    expect([200, 503]).toContain(await get('/%69ndex.html'));
  });

  it('refuses a plain-form request (no JSON content type)', async () => {
    expect((await call('app.info', '{}', { 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('opens the event socket only with the token', async () => {
    const url = `${running.host.url.replace('http', 'ws')}api/events`;
    const opened = (protocols: string[]) =>
      new Promise<boolean>((resolve) => {
        const ws = new WebSocket(url, protocols, { origin: running.host.url.slice(0, -1) });
        ws.on('open', () => {
          ws.close();
          resolve(true);
        });
        ws.on('error', () => resolve(false));
      });
    expect(await opened([`idbox.${running.host.token}`])).toBe(true);
    expect(await opened(['idbox.wrong'])).toBe(false);
  });
});
