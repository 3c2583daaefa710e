import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The banner is "@identity-box/rendezvous@<version>": a few dozen bytes. More is never read. */
export const BANNER_MAX_BYTES = 512;

export type BannerResult = { kind: 'text'; text: string } | { kind: 'timeout' } | { kind: 'unreachable' } | { kind: 'cancelled' } | { kind: 'not-tls' };

/** An https:// request answered by something that does not speak TLS (most often a plain-http server): OpenSSL's "wrong version number". */
const isNotTls = (err: NodeJS.ErrnoException) => err.code === 'EPROTO' || /ERR_SSL_|wrong version number|packet length too long/iu.test(`${err.code ?? ''} ${err.message}`);

/**
 * GET / with a byte cap and a whole-answer deadline: at most BANNER_MAX_BYTES of body are read,
 * then the socket is destroyed; when the deadline passes (headers or body still coming), the
 * socket is destroyed too. A server that streams without end costs nothing.
 */
export function fetchBanner(baseUrl: string, options: { deadlineMs: number; signal?: AbortSignal }): Promise<BannerResult> {
  // Already cancelled: no request at all (one destroyed before its error listener is attached
  // would raise "socket hang up" as an uncaught exception, and end a long-lived host).
  if (options.signal?.aborted) return Promise.resolve({ kind: 'cancelled' });
  return new Promise((resolve) => {
    let done = false;
    const parts: Buffer[] = [];
    let size = 0;
    const url = new URL('/', baseUrl);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = request(url, { method: 'GET', headers: { accept: 'text/plain' } });
    const finish = (result: BannerResult) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      req.destroy();
      resolve(result);
    };
    const onAbort = () => finish({ kind: 'cancelled' });
    const timer = setTimeout(() => finish({ kind: 'timeout' }), options.deadlineMs);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (err: NodeJS.ErrnoException) => finish(url.protocol === 'https:' && isNotTls(err) ? { kind: 'not-tls' } : { kind: 'unreachable' }));
    req.on('response', (res: IncomingMessage) => {
      // A redirect or an error page is not a rendezvous; nothing of it is read.
      if (res.statusCode !== 200) return finish({ kind: 'text', text: '' });
      const text = () => Buffer.concat(parts).subarray(0, BANNER_MAX_BYTES).toString('utf8');
      res.on('data', (chunk: Buffer) => {
        parts.push(chunk);
        size += chunk.length;
        if (size >= BANNER_MAX_BYTES) finish({ kind: 'text', text: text() });
      });
      res.on('end', () => finish({ kind: 'text', text: text() }));
      res.on('error', () => finish({ kind: 'text', text: text() }));
    });
    req.end();
  });
}
