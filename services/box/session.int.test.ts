import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeBase64url } from '../../shared/base64url';
import { boxBefore, encodePublicKeyPayload, generateKeyPair, sealEnvelope } from '../../shared/envelope';
import { codeOf } from '../../tests/helpers/assert';
import { DEFAULT_TIMEOUTS, rendezvousRequest } from './session';

// A misbehaving rendezvous on loopback: it answers each request with what the test asks for.
type Answer = (shared: Uint8Array) => unknown;
const servers: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of servers) await s.close();
});

async function fakeBox(answer: Answer): Promise<string> {
  const http = createServer();
  const io = new Server(http, { maxHttpBufferSize: 1e8 });
  io.of(/^\/.+$/).on('connection', (socket) => {
    const keys = generateKeyPair();
    const shared = boxBefore(decodeBase64url(socket.nsp.name.slice(1)), keys.secretKey);
    socket.emit('publicKey', encodePublicKeyPayload(keys.publicKey));
    socket.on('message', () => socket.emit('message', answer(shared)));
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  servers.push({ close: () => new Promise<void>((r) => io.close(() => r())) });
  return `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
}

const request = (url: string) => rendezvousRequest(url, { servicePath: 'identity-box.backup-service', method: 'about' }, { timeouts: { ...DEFAULT_TIMEOUTS, replyMs: 20_000 } });

describe('replies a box should never send', () => {
  it('garbage instead of an envelope', async () => {
    expect(await codeOf(request(await fakeBox(() => 'this is not an envelope')))).toBe('box-reply-invalid');
    expect(await codeOf(request(await fakeBox(() => ({ not: 'a string' }))))).toBe('box-reply-invalid');
  });

  it('an envelope sealed with the wrong key', async () => {
    expect(await codeOf(request(await fakeBox(() => sealEnvelope({ method: 'about-response' }, new Uint8Array(32).fill(7)))))).toBe('box-reply-invalid');
  });

  it('a well-sealed reply that is not a reply', async () => {
    expect(await codeOf(request(await fakeBox((shared) => sealEnvelope({ hello: 'world' }, shared))))).toBe('box-reply-invalid');
  });

  it('an oversized reply', async () => {
    expect(await codeOf(request(await fakeBox((shared) => sealEnvelope({ method: 'about-response', params: ['x'.repeat(3_000_000)] }, shared))))).toBe('box-reply-invalid');
  });

  it('a good reply passes', async () => {
    const reply = await request(await fakeBox((shared) => sealEnvelope({ method: 'about-response', params: [{ version: '1' }] }, shared)));
    expect(reply).toEqual({ method: 'about-response', params: [{ version: '1' }] });
  });
});
