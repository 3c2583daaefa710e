import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeBase64url } from '../../shared/base64url';
import { BACKUP_SERVICE } from '../../shared/box-protocol';
import { boxBefore, decodePublicKeyPayload, generateKeyPair, openEnvelope, sealEnvelope } from '../../shared/envelope';
import { rendezvousRequest, DEFAULT_TIMEOUTS } from '../../services/box/session';
import { startReferenceBox, type ReferenceBox } from '../reference-box';
import { seedBackup } from '../seed';

let box: ReferenceBox;
let dir: string;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'idbox-rv-'));
  await seedBackup(dir, { identities: 1, fastKeys: true });
  box = await startReferenceBox({ dataDir: dir });
});
afterAll(async () => {
  await box.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw session that lets a test send whatever it likes. */
function rawSession(send: (shared: Uint8Array) => unknown): Promise<'answered' | 'dropped'> {
  const keys = generateKeyPair();
  const socket = io(`${box.url}/${encodeBase64url(keys.publicKey)}`, { transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve) => {
    socket.on('publicKey', (payload: unknown) => socket.emit('message', send(boxBefore(decodePublicKeyPayload(payload)!, keys.secretKey))));
    socket.on('message', () => {
      socket.disconnect();
      resolve('answered');
    });
    socket.on('disconnect', () => resolve('dropped'));
  });
}

describe('reference rendezvous', () => {
  it('sends its reply as the plain Socket.IO event "message" with a string, as the real box does (a stock client, a large reply)', async () => {
    const keys = generateKeyPair();
    // The stock socket.io-client, with its standard parser: what the IdApp uses.
    const socket = io(`${box.url}/${encodeBase64url(keys.publicKey)}`, { transports: ['websocket'], reconnection: false, forceNew: true });
    const request = { servicePath: BACKUP_SERVICE, method: 'export-backup', params: [{ backupId: readdirSync(dir)[0] }] };
    const reply = await new Promise<unknown[]>((resolve) => {
      let shared: Uint8Array;
      socket.on('publicKey', (payload: unknown) => {
        shared = boxBefore(decodePublicKeyPayload(payload)!, keys.secretKey);
        socket.emit('message', sealEnvelope(request, shared));
      });
      socket.on('message', (...args: unknown[]) => {
        socket.disconnect();
        resolve([...args, shared]);
      });
    });
    expect(reply).toHaveLength(2);
    expect(typeof reply[0]).toBe('string');
    const opened = openEnvelope(reply[0], reply[1] as Uint8Array);
    expect(opened).toMatchObject({ ok: true, message: { method: 'export-backup-response' } });
  });

  it('writes its reply as one WebSocket text frame "42/<namespace>,["message","<envelope>"]", the bytes Socket.IO always sent; long-polling gets the same event', async () => {
    const keys = generateKeyPair();
    const nsp = `/${encodeBase64url(keys.publicKey)}`;
    const request = { servicePath: BACKUP_SERVICE, method: 'export-backup', params: [{ backupId: readdirSync(dir)[0] }] };
    // A raw WebSocket speaking Engine.IO v4 by hand: what arrives is exactly the frame the box wrote.
    const raw = new WebSocket(`${box.url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`);
    const frame = await new Promise<{ text: string; binary: boolean; shared: Uint8Array }>((resolve, reject) => {
      let shared: Uint8Array;
      raw.on('error', reject);
      raw.on('message', (data: Buffer, binary: boolean) => {
        const text = data.toString('latin1');
        if (text.startsWith('0')) raw.send(`40${nsp},`);
        else if (text.startsWith(`42${nsp},["publicKey"`)) {
          shared = boxBefore(decodePublicKeyPayload((JSON.parse(text.slice(nsp.length + 3)) as string[])[1])!, keys.secretKey);
          raw.send(`42${nsp},${JSON.stringify(['message', sealEnvelope(request, shared)])}`);
        } else if (text.startsWith(`42${nsp},["message"`)) resolve({ text, binary, shared });
      });
    });
    raw.close();
    expect(frame.binary).toBe(false);
    const [event, envelope, ...rest] = JSON.parse(frame.text.slice(nsp.length + 3)) as string[];
    expect([event, rest]).toEqual(['message', []]);
    expect(frame.text).toBe(`42${nsp},["message","${envelope}"]`);
    expect(openEnvelope(envelope, frame.shared)).toMatchObject({ ok: true, message: { method: 'export-backup-response' } });

    const polling = io(`${box.url}/${encodeBase64url(keys.publicKey)}`, { transports: ['polling'], reconnection: false, forceNew: true });
    const opened = await new Promise<unknown>((resolve) => {
      let shared: Uint8Array;
      polling.on('publicKey', (payload: unknown) => {
        shared = boxBefore(decodePublicKeyPayload(payload)!, keys.secretKey);
        polling.emit('message', sealEnvelope(request, shared));
      });
      polling.on('message', (envelope: unknown) => {
        polling.disconnect();
        resolve(openEnvelope(envelope, shared));
      });
    });
    expect(opened).toMatchObject({ ok: true, message: { method: 'export-backup-response' } });
  });

  it("loads ws's native frame masking (bufferutil), which the CLI and the box both use", async () => {
    const { createRequire } = await import('node:module');
    const require = createRequire(import.meta.url);
    expect(Object.keys(require('bufferutil') as object).sort()).toEqual(['mask', 'unmask']);
    // ws's JavaScript fallback is the function _mask; with bufferutil it installs its own wrapper.
    const { dirname, join: joinPath } = await import('node:path');
    const bufferUtil = require(joinPath(dirname(require.resolve('ws')), 'lib', 'buffer-util.js')) as { mask: { name: string } };
    expect(bufferUtil.mask.name).not.toBe('_mask');
  });

  it('keeps no namespace of a finished session (each session has its own; a demo box runs for hours)', async () => {
    const namespaces = () => (box.io as unknown as { _nsps: Map<string, unknown> })._nsps.size;
    const before = namespaces();
    for (let i = 0; i < 20; i++) await rendezvousRequest(box.url, { servicePath: BACKUP_SERVICE, method: 'about' }, { timeouts: DEFAULT_TIMEOUTS });
    await new Promise((r) => setTimeout(r, 100));
    expect(namespaces()).toBeLessThanOrEqual(before + 1);
  });

  it('answers GET / with its banner', async () => {
    expect(await (await fetch(`${box.url}/`)).text()).toMatch(/^@identity-box\/rendezvous@/);
  });

  it('refuses loudly an envelope that does not open', async () => {
    const before = box.violations.length;
    expect(await rawSession(() => sealEnvelope({ servicePath: BACKUP_SERVICE, method: 'about' }, new Uint8Array(32)))).toBe('dropped');
    expect(box.violations.length).toBe(before + 1);
    expect(box.violations.at(-1)).toMatch(/does not open/);
  });

  it('refuses loudly an overlapping request', async () => {
    const slow = await startReferenceBox({ dataDir: dir, delayMs: 300 });
    const before = slow.violations.length;
    const message = { servicePath: BACKUP_SERVICE, method: 'export-backup', params: [{ backupId: 'A'.repeat(86) }] };
    const results = await Promise.allSettled([
      rendezvousRequest(slow.url, message, { timeouts: DEFAULT_TIMEOUTS }),
      rendezvousRequest(slow.url, message, { timeouts: DEFAULT_TIMEOUTS }),
      rendezvousRequest(slow.url, message, { timeouts: DEFAULT_TIMEOUTS }),
    ]);
    await slow.close();
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(2);
    expect(slow.violations.slice(before).filter((v) => /overlapping/.test(v))).toHaveLength(2);
  });

  it('drops a message over 1 MB without a reply, like the real box', async () => {
    const big = { servicePath: BACKUP_SERVICE, method: 'about', params: ['x'.repeat(600_000)] };
    expect(await rawSession((shared) => sealEnvelope(big, shared))).toBe('dropped');
  });

  it('answers an unregistered service and an unknown method as the box-office does', async () => {
    const missing = await rendezvousRequest(box.url, { servicePath: 'nope.service', method: 'about' }, { timeouts: DEFAULT_TIMEOUTS });
    expect(missing.method).toBe('about-error');
    expect(JSON.stringify(missing.params)).toMatch(/not registered/);
    const unknown = await rendezvousRequest(box.url, { servicePath: BACKUP_SERVICE, method: 'frobnicate' }, { timeouts: DEFAULT_TIMEOUTS });
    expect(unknown.method).toBe('unknown-method');
  });

  it('replies without params carry no params key', async () => {
    const reply = await rendezvousRequest(box.url, { servicePath: 'identity-box.identity-service', method: 'reset', params: [{ identityNames: [] }] }, { timeouts: DEFAULT_TIMEOUTS });
    expect(reply).toEqual({ method: 'reset-response' });
  });
});
