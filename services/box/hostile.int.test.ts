import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { afterAll, describe, expect, it } from 'vitest';
import { startRendezvous } from '../../box/rendezvous/server';
import { main } from '../../cli/main';
import { decodeBase64url } from '../../shared/base64url';
import { BACKUP_SERVICE, type ReplyMessage } from '../../shared/box-protocol';
import { boxBefore, generateKeyPair } from '../../shared/envelope';
import { captureIO, codeOf } from '../../tests/helpers/assert';
import { setQuiet } from '../log';
import { createBoxClient } from './client';
import { DEFAULT_TIMEOUTS, rendezvousRequest } from './session';

// Hostile boxes on loopback. Each read the client makes has a byte cap and a deadline that
// destroys the socket; each export is checked byte for byte before anything is kept.
setQuiet(true);
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of closers) await c();
});
const ID = `${'H'.repeat(85)}A`;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const ZERO_64MIB_SHA = sha(Buffer.alloc(64 * 1024 * 1024));
const huge = () => Array.from({ length: 30 }, (_, i) => ({ path: `k${i}.pem`, size: 64 * 1024 * 1024, sha256: ZERO_64MIB_SHA }));

async function httpServer(onRequest: (res: ServerResponse, socket: Socket) => void) {
  const sockets = new Set<Socket>();
  const server = createServer((req, res) => onRequest(res, req.socket));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, sockets };
}

describe('the rendezvous banner check (defect 2)', () => {
  it('reads a few hundred bytes of an endless answer, then closes the connection', async () => {
    let written = 0;
    let closed = false;
    const { url } = await httpServer((res, socket) => {
      socket.on('close', () => (closed = true));
      res.writeHead(200, { 'content-type': 'text/plain' });
      const block = Buffer.alloc(64 * 1024, 'x');
      const pump = () => {
        while (!socket.destroyed && res.write(block)) written += block.length;
        if (!socket.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const started = Date.now();
    expect(await codeOf(createBoxClient(url).checkRendezvous())).toBe('box-not-rendezvous');
    expect(Date.now() - started).toBeLessThan(3000);
    await new Promise((r) => setTimeout(r, 100));
    expect(closed).toBe(true);
    expect(written).toBeLessThan(64 * 1024 * 1024);
  });

  it('a banner followed by endless bytes still answers at once with the version', async () => {
    const { url } = await httpServer((res, socket) => {
      res.writeHead(200);
      res.write('@identity-box/rendezvous@1.2.3\n');
      const t = setInterval(() => (socket.destroyed ? clearInterval(t) : res.write('y'.repeat(1000))), 5);
    });
    expect(await createBoxClient(url).checkRendezvous()).toMatch(/^1\.2\.3/);
  });

  it.each([
    ['drips one byte at a time', (res: ServerResponse, socket: Socket) => {
      res.writeHead(200);
      const t = setInterval(() => (socket.destroyed ? clearInterval(t) : res.write('@')), 50);
    }],
    ['never finishes its headers', (_res: ServerResponse, socket: Socket) => {
      socket.write('HTTP/1.1 200 OK\r\n');
      const t = setInterval(() => (socket.destroyed ? clearInterval(t) : socket.write('X-A: b\r\n')), 50);
    }],
  ])('a server that %s is a timeout within the deadline, and its socket is destroyed', async (_name, behave) => {
    const { url, sockets } = await httpServer(behave);
    const started = Date.now();
    expect(await codeOf(createBoxClient(url, { connectMs: 600 }).checkRendezvous())).toBe('box-timeout');
    expect(Date.now() - started).toBeLessThan(3000);
    await new Promise((r) => setTimeout(r, 100));
    expect(sockets.size).toBe(0);
  });
});

describe('a Socket.IO session that never ends (defect 2)', () => {
  it('stops reading after the byte cap and destroys the socket', async () => {
    const http = createServer();
    const io = new Server(http, { maxHttpBufferSize: 1e8 });
    let sent = 0;
    let disconnected = false;
    io.of(/^\/.+$/).on('connection', (socket) => {
      const keys = generateKeyPair();
      boxBefore(decodeBase64url(socket.nsp.name.slice(1)), keys.secretKey);
      socket.on('disconnect', () => (disconnected = true));
      const noise = 'n'.repeat(200_000);
      const t = setInterval(() => {
        if (!socket.connected) return clearInterval(t);
        socket.emit('noise', noise);
        sent += noise.length;
      }, 2);
    });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    closers.push(() => new Promise<void>((r) => io.close(() => r())));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const started = Date.now();
    const code = await codeOf(rendezvousRequest(url, { servicePath: BACKUP_SERVICE, method: 'about' }, { timeouts: { ...DEFAULT_TIMEOUTS, firstReplyMs: 20_000 } }));
    expect(code).toBe('box-reply-invalid');
    expect(Date.now() - started).toBeLessThan(15_000);
    await new Promise((r) => setTimeout(r, 200));
    expect(disconnected).toBe(true);
    expect(sent).toBeLessThan(40_000_000);
  });
});

/** A box whose backup-service answers export-backup with the replies a test scripts. */
async function exportBox(answer: (call: number, cursor: string | undefined) => unknown, delayMs = 0) {
  let calls = 0;
  const handler = async (method: string, params: unknown[] | undefined): Promise<ReplyMessage> => {
    if (method === 'about') return { method: 'about-response', params: [{ description: 'hostile', version: '6.6.6', formatVersion: 1 }] };
    const cursor = (params?.[0] as { cursor?: string } | undefined)?.cursor;
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    return { method: `${method}-response`, params: [answer(calls++, cursor)] };
  };
  const box = await startRendezvous({ services: new Map([[BACKUP_SERVICE, handler]]) }, { port: 0, host: '127.0.0.1' });
  closers.push(() => box.close());
  return { url: box.url, calls: () => calls };
}

const file = (path: string, body: Buffer) => ({ path, size: body.length, sha256: sha(body) });
const piece = (path: string, offset: number, body: Buffer) => ({ path, offset, contentBase64: body.toString('base64') });
const A = Buffer.from('a'.repeat(1000));
const B = Buffer.from('b'.repeat(500));

describe('export replies that do not add up (defects 3 and 4)', () => {
  const cases: [string, (call: number, cursor?: string) => unknown, number][] = [
    ['30 files of 64 MiB declared, no bytes sent', () => ({ backupId: ID, files: huge(), chunks: [], next: null }), 1],
    ['a file listed twice', () => ({ backupId: ID, files: [file('backup', A), file('backup', A)], chunks: [piece('backup', 0, A)], next: null }), 1],
    ['the box stops with bytes missing', () => ({ backupId: ID, files: [file('backup', A), file('x.pem', B)], chunks: [piece('backup', 0, A)], next: null }), 1],
    ['a piece sent twice (overlap)', (c) => ({ backupId: ID, files: [file('backup', A)], chunks: [piece('backup', 0, A.subarray(0, 600))], next: `c${c}` }), 2],
    ['a piece that skips ahead (gap)', () => ({ backupId: ID, files: [file('backup', A)], chunks: [piece('backup', 0, A.subarray(0, 100)), piece('backup', 200, A.subarray(200))], next: null }), 1],
    ['more bytes than the file declares', () => ({ backupId: ID, files: [file('backup', A)], chunks: [piece('backup', 0, Buffer.concat([A, A]))], next: null }), 1],
    ['data after every byte was sent', (c) => ({ backupId: ID, files: [file('backup', A)], chunks: c === 0 ? [piece('backup', 0, A)] : [], next: `more${c}` }), 1],
    ['a cursor that comes round again', (c) => ({ backupId: ID, files: [file('backup', A)], chunks: [piece('backup', c * 10, A.subarray(c * 10, c * 10 + 10))], next: ['a', 'b', 'a'][c] ?? 'z' }), 3],
    ['endless fresh cursors with no data', (c) => ({ backupId: ID, files: [file('backup', A)], chunks: [], next: `fresh-${c}` }), 5],
    ['a piece that is not base64', () => ({ backupId: ID, files: [file('backup', A)], chunks: [{ path: 'backup', offset: 0, contentBase64: '!!!!' }], next: null }), 1],
  ];

  it.each(cases)('%s: the box is blamed, quickly and without a big allocation', async (_name, answer, maxCalls) => {
    const box = await exportBox(answer);
    const rss = process.memoryUsage().rss;
    const started = Date.now();
    const err = await createBoxClient(box.url).exportBackup(ID).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('box-reply-invalid');
    expect((err as Error).message).toMatch(/Your box sent a backup that does not add up/);
    expect(box.calls()).toBeLessThanOrEqual(maxCalls);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
  });

  it('an honest export in several pieces, with an empty file, is accepted', async () => {
    const empty = Buffer.alloc(0);
    const replies = [
      { chunks: [piece('backup', 0, A.subarray(0, 400))] },
      { chunks: [piece('backup', 400, A.subarray(400)), piece('x.pem', 0, B.subarray(0, 1))] },
      { chunks: [] },
      { chunks: [piece('x.pem', 1, B.subarray(1)), piece('did-docs/QmEmptyEmptyEmpty', 0, empty)] },
    ];
    const files = [file('backup', A), file('did-docs/QmEmptyEmptyEmpty', empty), file('x.pem', B)];
    const box = await exportBox((c) => ({ backupId: ID, files, chunks: replies[c]!.chunks, next: c < 3 ? `n${c}` : null }));
    const got = await createBoxClient(box.url).exportBackup(ID);
    expect(got.contents.get('backup')).toEqual(A);
    expect(got.contents.get('x.pem')).toEqual(B);
    expect(got.contents.get('did-docs/QmEmptyEmptyEmpty')).toEqual(empty);
  });

  it('a box that answers every call in time but never finishes hits the overall deadline', async () => {
    const big = Buffer.alloc(100_000, 'q');
    const box = await exportBox((c) => ({ backupId: ID, files: [file('backup', big)], chunks: [piece('backup', c * 10, big.subarray(c * 10, c * 10 + 10))], next: `s${c}` }), 20);
    const started = Date.now();
    const err = await createBoxClient(box.url, { pullBaseMs: 800, pullMinBytesPerSecond: 1e9 }).exportBackup(ID).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('box-timeout');
    expect((err as Error).message).toMatch(/far too slow/);
    expect(Date.now() - started).toBeLessThan(8000);
  });

  it('idbox pull blames the box (exit 5) and writes nothing to the stick', async () => {
    const box = await exportBox(() => ({ backupId: ID, files: huge(), chunks: [], next: null }));
    const dest = mkdtempSync(join(tmpdir(), 'idbox-hostile-pull-'));
    closers.push(async () => rmSync(dest, { recursive: true, force: true }));
    const c = captureIO();
    expect(await main(['pull', '--box', box.url, '--backup-id', ID, '--to', dest], c.io)).toBe(5);
    expect(c.err.join('\n')).toMatch(/Your box sent a backup that does not add up.*your stick is fine/);
    expect(readdirSync(dest).filter((n) => !n.startsWith('.'))).toEqual([]);
  });
});
