import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Dispatcher } from '../shared/contract/dispatch';
import { createLogger } from '../services/log';
import { contentSecurityPolicy } from '../shared/csp';
import { allowedHosts, allowedOrigins, bearer, tokenMatches } from './security';

const log = createLogger('host');
const MAX_BODY = 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.woff2': 'font/woff2',
};

export interface HostOptions {
  /** Builds the dispatcher once the host knows how to send events. */
  createDispatcher(sendEvent: (name: string, payload: unknown) => void): Dispatcher;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  port?: number;
  /** Fixed for tests only; otherwise a fresh random token per run. */
  token?: string;
}

export interface RunningHost {
  url: string;
  /** The address to open, with the token in the fragment (never sent to the server in a request line). */
  openUrl: string;
  port: number;
  token: string;
  /** The run's name (not a secret), answered at /api/instance. */
  instance: string;
  close(): Promise<void>;
}

/**
 * The browser host: serves the built renderer and binds the same contract as Electron's IPC over
 * HTTP (calls) and WebSocket (events), on 127.0.0.1 only, behind a per-run token with Host and
 * Origin checks.
 */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  // Names this run (not a secret): a page whose token is refused asks it, to tell "the Companion
  // was restarted" (a new run) from "this link is wrong".
  const instance = randomBytes(12).toString('base64url');
  const sockets = new Set<WebSocket>();
  const sendEvent = (name: string, payload: unknown) => {
    const frame = JSON.stringify({ event: name, payload });
    for (const ws of sockets) if (ws.readyState === ws.OPEN) ws.send(frame);
  };
  const dispatcher = options.createDispatcher(sendEvent);
  let port = 0;

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      log.error(`request failed: ${err instanceof Error ? err.message : String(err)}`);
      if (!res.headersSent) send(res, 500, { error: 'internal' });
      else res.destroy();
    });
  });

  function send(res: ServerResponse, status: number, body: unknown): void {
    const data = JSON.stringify(body);
    res.writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    });
    res.end(data);
  }

  function originOk(req: IncomingMessage): boolean {
    const origin = req.headers.origin;
    return origin === undefined || allowedOrigins(port).has(origin);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!allowedHosts(port).has(req.headers.host ?? '')) {
      send(res, 403, { error: 'host not allowed' });
      return;
    }
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/')) {
      await handleApi(req, res, url);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      send(res, 405, { error: 'method not allowed' });
      return;
    }
    await serveStatic(res, url.pathname);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    if (!originOk(req)) {
      send(res, 403, { error: 'origin not allowed' });
      return;
    }
    if (url.pathname === '/api/instance' && req.method === 'GET') {
      send(res, 200, { instance });
      return;
    }
    if (!tokenMatches(token, bearer(req.headers.authorization))) {
      send(res, 401, { error: 'token required' });
      return;
    }
    const match = /^\/api\/call\/([a-z][A-Za-z0-9.-]{0,63})$/.exec(url.pathname);
    if (!match?.[1] || req.method !== 'POST') {
      send(res, 404, { error: 'no such call' });
      return;
    }
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      send(res, 415, { error: 'json required' });
      return;
    }
    const body = await readBody(req);
    if (body === null) {
      send(res, 413, { error: 'request too large' });
      return;
    }
    let payload: unknown;
    try {
      payload = body.length ? JSON.parse(body) : {};
    } catch {
      send(res, 200, { ok: false, error: { code: 'invalid-request', message: 'The request was not valid JSON.' } });
      return;
    }
    // A page that goes away cancels what it started.
    const aborter = new AbortController();
    res.on('close', () => {
      if (!res.writableFinished) aborter.abort();
    });
    const result = await dispatcher.dispatch(match[1], payload, aborter.signal);
    send(res, 200, result);
  }

  async function serveStatic(res: ServerResponse, pathname: string): Promise<void> {
    // A malformed percent-escape (or an encoded NUL) is the client's mistake: 400, not a crash.
    let decoded: string;
    try {
      decoded = decodeURIComponent(pathname);
    } catch {
      send(res, 400, { error: 'bad request' });
      return;
    }
    if (decoded.includes('\0')) {
      send(res, 400, { error: 'bad request' });
      return;
    }
    const rel = normalize(decoded).replace(/^([/\\])+/, '');
    const file = join(options.staticDir, rel === '' ? 'index.html' : rel);
    if (!file.startsWith(options.staticDir + sep) && file !== options.staticDir) {
      send(res, 404, { error: 'not found' });
      return;
    }
    const info = await stat(file).catch(() => null);
    const target = info?.isFile() ? file : join(options.staticDir, 'index.html');
    const targetInfo = info?.isFile() ? info : await stat(target).catch(() => null);
    if (!targetInfo) {
      res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
      res.end('The app has not been built yet. Run "npm start" (it builds it) or "npm run build:renderer".');
      return;
    }
    res.writeHead(200, {
      'content-type': TYPES[extname(target)] ?? 'application/octet-stream',
      'content-length': targetInfo.size,
      'content-security-policy': contentSecurityPolicy(`http://127.0.0.1:${port}`),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
      'cache-control': target.endsWith('index.html') ? 'no-store' : 'public, max-age=3600',
    });
    createReadStream(target).pipe(res);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  server.on('upgrade', (req, socket, head) => {
    const protocols = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((p) => p.trim());
    const given = protocols.find((p) => p.startsWith('idbox.'))?.slice('idbox.'.length);
    const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`);
    if (
      url.pathname !== '/api/events' ||
      !allowedHosts(port).has(req.headers.host ?? '') ||
      !originOk(req) ||
      !tokenMatches(token, given)
    ) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      sockets.add(ws);
      ws.on('close', () => sockets.delete(ws));
      ws.on('message', () => {
        /* events flow one way; ignore anything the page sends */
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    openUrl: `${url}#token=${token}`,
    port,
    token,
    instance,
    close: async () => {
      for (const ws of sockets) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
