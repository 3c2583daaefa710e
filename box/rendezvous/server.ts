import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import * as ws from 'ws';
import { decodeBase64url } from '../../shared/base64url';
import { RENDEZVOUS_BANNER, RequestMessage, type ReplyMessage } from '../../shared/box-protocol';
import { preloadSodium, useNodeCrypto } from '../../services/box/native-crypto';
import { boxBefore, encodePublicKeyPayload, generateKeyPair, openEnvelope, sealEnvelope, sealEnvelopeBytes } from '../../shared/envelope';

useNodeCrypto();

/**
 * A rendezvous like the real box's (identity-box.md §5): Socket.IO v4, one namespace per client
 * public key, `publicKey` then one `message` each way. Stricter than the real one where the doc
 * asks: an overlapping request or an envelope that does not open is refused and logged loudly,
 * so a client bug shows up in our tests instead of on a user's box.
 */
export type ServiceHandler = (method: string, params: unknown[] | undefined) => Promise<ReplyMessage>;

export interface RendezvousOptions {
  version?: string;
  services: Map<string, ServiceHandler>;
  /** Registered services that never answer (a stopped service on a real box). */
  hangServices?: Set<string>;
  /** Every service call takes at least this long (a slow box; makes overlaps observable in tests). */
  delayMs?: number;
  log?: (line: string) => void;
}

export interface RunningRendezvous {
  http: HttpServer;
  io: Server;
  url: string;
  port: number;
  /** Loud complaints (overlaps, bad envelopes) for tests to assert on. */
  violations: string[];
  close(): Promise<void>;
}

/**
 * socket.emit('message', <sealed reply>), written out: the packet Socket.IO's encoder makes,
 * `2<namespace>,["message","<envelope>"]`, without JSON.stringify scanning the megabyte for
 * characters to escape (a sealed envelope is base64url, which has none).
 *
 * Over WebSocket the envelope is sealed straight into the frame's bytes, handed to engine.io as a
 * pre-encoded frame (its `wsPreEncodedFrame`, what Socket.IO's own broadcasts use): the same text
 * frame, `42<namespace>,["message","<envelope>"]`, without a megabyte-long string that ws would
 * measure again for its UTF-8 length and encode again when writing. Long-polling (never upgraded)
 * sends the string. server.int.test.ts checks the frame a raw WebSocket client receives.
 */
function sendEnvelope(socket: Socket, reply: ReplyMessage, shared: Uint8Array): void {
  const transport = socket.conn.transport as unknown as { name: string; perMessageDeflate?: unknown; socket?: { _sender?: { sendFrame?: unknown } } };
  const framed = transport.name === 'websocket' && !transport.perMessageDeflate && typeof transport.socket?._sender?.sendFrame === 'function';
  if (!framed) {
    socket.conn.write(`2${socket.nsp.name},["message","${sealEnvelope(reply, shared)}"]`);
    return;
  }
  const head = Buffer.from(`42${socket.nsp.name},["message","`, 'latin1');
  const { buffer, start, end } = sealEnvelopeBytes(reply, shared, undefined, { before: head.length, after: TAIL.length });
  const payload = Buffer.from(buffer.buffer, buffer.byteOffset + start - head.length, head.length + end - start + TAIL.length);
  payload.set(head, 0);
  payload.set(TAIL, payload.length - TAIL.length);
  const frame = FRAME.frame(payload, { readOnly: false, mask: false, rsv1: false, opcode: 1, fin: true });
  // engine.io sends the frame as it is; the packet's text is used only by long-polling, ruled out above.
  socket.conn.write('', { wsPreEncodedFrame: frame } as never);
}
const TAIL = Buffer.from('"]', 'latin1');
// ws's frame writer (untyped in @types/ws): what socket.io-adapter pre-encodes its broadcasts with.
const FRAME = (ws as unknown as { Sender: { frame(data: Buffer, options: object): Buffer[] } }).Sender;

export async function startRendezvous(options: RendezvousOptions, listen: { port: number; host: string }): Promise<RunningRendezvous> {
  const version = options.version ?? '0.1.0-reference';
  await preloadSodium();
  const log = options.log ?? (() => {});
  const violations: string[] = [];
  const complain = (line: string) => {
    violations.push(line);
    log(`REFUSED: ${line}`);
  };
  const http = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/' || req.url === '')) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      res.end(`${RENDEZVOUS_BANNER}${version}`);
      return;
    }
    if (!req.url?.startsWith('/socket.io/')) {
      res.writeHead(404);
      res.end();
    }
  });
  // 1 MB, as the real rendezvous: a larger message drops the connection with no reply.
  // Box clients (the IdApp, our app, the CLI) send no Origin; a browser always does. Refusing every
  // Origin keeps a web page open while the demo box runs from talking to it.
  const io = new Server(http, {
    maxHttpBufferSize: 1e6,
    serveClient: false,
    // Every session has a namespace of its own (its key); without this each one stayed in memory
    // for the life of the box, and every later connection paid for the growing set.
    cleanupEmptyChildNamespaces: true,
    cors: { origin: false },
    allowRequest: (req, callback) => {
      if (req.headers.origin === undefined) return callback(null, true);
      complain(`a connection from a browser page (${String(req.headers.origin).slice(0, 100)})`);
      callback('browser origins are not allowed', false);
    },
  });
  let inFlight = 0;

  io.of(/^\/[A-Za-z0-9_-]{43}$/).on('connection', (socket) => {
    const clientKey = decodeBase64url(socket.nsp.name.slice(1));
    const serverKeys = generateKeyPair();
    let shared: Uint8Array;
    try {
      shared = boxBefore(clientKey, serverKeys.secretKey);
    } catch {
      complain('a client namespace that is not a valid public key');
      socket.disconnect(true);
      return;
    }
    socket.emit('publicKey', encodePublicKeyPayload(serverKeys.publicKey));
    let answered = false;
    socket.on('message', async (envelope: unknown) => {
      if (answered) {
        complain('a second message on one session');
        socket.disconnect(true);
        return;
      }
      answered = true;
      const opened = openEnvelope(envelope, shared);
      if (!opened.ok) {
        complain(`an envelope that does not open (${opened.reason}); the real box would crash here`);
        socket.disconnect(true);
        return;
      }
      const parsed = RequestMessage.safeParse(opened.message);
      if (!parsed.success) {
        complain('a message without servicePath and method');
        socket.disconnect(true);
        return;
      }
      if (inFlight > 0) {
        complain('an overlapping request; the real rendezvous can crash on this');
        socket.disconnect(true);
        return;
      }
      const { servicePath, method, params } = parsed.data;
      const service = options.services.get(servicePath);
      if (service && options.hangServices?.has(servicePath)) {
        log(`${servicePath} ${method}: service registered but not answering (hang mode)`);
        return; // never answers, like a stopped service on a real box
      }
      inFlight += 1;
      let reply: ReplyMessage;
      try {
        if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
        reply = service
          ? await service(method, params)
          : { method: `${method}-error`, params: [{ message: `Service ${servicePath} is not registered` }] };
      } finally {
        inFlight -= 1;
      }
      if (socket.connected) sendEnvelope(socket, reply, shared);
    });
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(listen.port, listen.host, () => resolve());
  });
  const port = (http.address() as AddressInfo).port;
  const hostForUrl = listen.host.includes(':') ? `[${listen.host}]` : listen.host;
  return {
    http,
    io,
    url: `http://${hostForUrl}:${port}`,
    port,
    violations,
    close: async () => {
      io.disconnectSockets(true);
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
