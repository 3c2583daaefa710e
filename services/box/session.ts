import { Agent, type ClientRequestArgs } from 'node:http';
import { createConnection, type NetConnectOpts } from 'node:net';
import type { Duplex } from 'node:stream';
import { io, type Socket } from 'socket.io-client';
import { encodeBase64url } from '../../shared/base64url';
import { ReplyMessage, type RequestMessage } from '../../shared/box-protocol';
import { boxBefore, decodePublicKeyPayload, generateKeyPair, openEnvelope } from '../../shared/envelope';
import { AppError } from '../../shared/errors';
import { envelopeParser } from './envelope-parser';
import { sendEnvelope } from './send-frame';
import { useNodeCrypto } from './native-crypto';

useNodeCrypto();
import { createFrameWatcher, type FrameProgress } from './frames';

export interface Timeouts {
  /** Until the Socket.IO connection is up. */
  connectMs: number;
  /** Until the box sends its session key. */
  firstReplyMs: number;
  /** Until the whole answer is in, from sending the request. */
  replyMs: number;
  /** A whole export may take this long plus its declared size at the slowest rate below. */
  pullBaseMs: number;
  pullMinBytesPerSecond: number;
  /**
   * Until a service's answer to `about` is in: a registered service that is stopped never answers
   * (identity-box.md §5a), and `about` is answered at once by a running one, so this is short.
   */
  aboutMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 8_000, firstReplyMs: 8_000, replyMs: 45_000, pullBaseMs: 120_000, pullMinBytesPerSecond: 16 * 1024, aboutMs: 10_000 };
/** A reply envelope over this is refused (the real box's limit is 1 MB of payload). */
export const MAX_REPLY_CHARS = 2_000_000;
/** Every byte a session may receive, all frames together; past it the socket is destroyed. */
export const MAX_SESSION_BYTES = 2 * MAX_REPLY_CHARS + 64 * 1024;

/** The parts of socket.io-client's engine we reach into, to count bytes and to really close the socket. */
interface EngineInternals {
  on(event: 'packet', listener: (packet: { data?: unknown }) => void): void;
  on(event: 'error', listener: (err: unknown) => void): void;
  transport?: { ws?: { terminate?: () => void } };
}

/** True when the error is ws refusing a frame over maxPayload. */
function isOversized(err: unknown): boolean {
  const description = (err as { description?: { message?: unknown; error?: { message?: unknown } } } | null)?.description;
  return /max payload/i.test(String(description?.message ?? description?.error?.message ?? ''));
}

/**
 * Counts the bytes that arrive on the session's connection, so a long reply (hundreds of KB on a
 * slow link) shows progress while it is still arriving, not only once it is complete.
 */
class WatchingAgent extends Agent {
  constructor(private readonly onFrame: (progress: FrameProgress) => void) {
    super({ keepAlive: false });
  }
  override createConnection(options: ClientRequestArgs): Duplex {
    const socket = createConnection(options as NetConnectOpts);
    const watch = createFrameWatcher(this.onFrame);
    // After the upgrade, ws puts the bytes that came with the HTTP answer back with unshift():
    // they are emitted a second time, and must not be read twice.
    let seen = 0;
    const unshift = socket.unshift.bind(socket);
    socket.unshift = (chunk: Buffer | Uint8Array | string, encoding?: BufferEncoding) => {
      seen += typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding) : chunk.length;
      unshift(chunk, encoding);
    };
    socket.on('data', (chunk: Buffer) => {
      const skip = Math.min(seen, chunk.length);
      seen -= skip;
      if (skip < chunk.length) watch(skip ? chunk.subarray(skip) : chunk);
    });
    return socket;
  }
}

/** Frames shorter than this are Socket.IO's own small talk (pings), not a reply. */
const SMALL_FRAME = 64;

/**
 * One rendezvous request = one Socket.IO session with a fresh key pair (identity-box.md §5):
 * connect to /<base64url(clientPublicKey)>, wait for `publicKey`, send one sealed `message`,
 * take one sealed `message` back, disconnect.
 */
export function rendezvousRequest(
  baseUrl: string,
  message: RequestMessage,
  options: {
    timeouts: Timeouts;
    signal?: AbortSignal;
    /**
     * Once the request is sent, a cancel no longer ends the session: the box is working on it, and
     * a next request would overlap it (which crashes the real rendezvous). The session then ends
     * with the box's answer or the reply timeout; the caller stops waiting for it at once.
     */
    holdAfterSend?: boolean;
    onTimeoutAfterSend?: () => AppError;
    /** How much of the reply has arrived, in wire bytes, while it arrives (from its frame header). */
    onReplyProgress?: (progress: FrameProgress) => void;
  },
): Promise<ReplyMessage> {
  const keys = generateKeyPair();
  return new Promise<ReplyMessage>((resolve, reject) => {
    let socket: Socket | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    let settled = false;
    let sent = false;
    const finish = (err: AppError | null, value?: ReplyMessage) => {
      if (settled) return;
      settled = true;
      if (timer) clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      socket?.removeAllListeners();
      // disconnect() alone starts a polite close that a hostile server can stretch out while it keeps
      // sending; terminate() destroys the TCP socket at once.
      const engine = socket?.io.engine as unknown as EngineInternals | undefined;
      try {
        engine?.transport?.ws?.terminate?.();
      } catch {
        /* already closed */
      }
      socket?.disconnect();
      if (err) reject(err);
      else resolve(value!);
    };
    const arm = (ms: number, makeError: () => AppError) => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => finish(makeError()), ms);
    };
    const onAbort = () => {
      if (!(sent && options.holdAfterSend)) finish(new AppError('cancelled', 'The operation was cancelled.'));
    };
    if (options.signal?.aborted) return onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const host = new URL(baseUrl).host;
    const agent = options.onReplyProgress
      ? new WatchingAgent((progress) => {
          if (sent && !settled && progress.length >= SMALL_FRAME) options.onReplyProgress?.(progress);
        })
      : undefined;
    socket = io(`${baseUrl}/${encodeBase64url(keys.publicKey)}`, {
      ...(agent ? { agent: agent as unknown as string } : {}),
      transports: ['websocket'],
      // The standard parser, without a second copy of each megabyte-long reply (./envelope-parser.ts).
      parser: envelopeParser,
      reconnection: false,
      forceNew: true,
      timeout: options.timeouts.connectMs,
      // ws refuses (and closes on) any single frame over this, before buffering it; no compression bombs.
      // (engine.io-client passes both to ws; its typings do not list them.)
      ...({ maxPayload: MAX_REPLY_CHARS + 64 * 1024, perMessageDeflate: false } as object),
    });
    const engine = socket.io.engine as unknown as EngineInternals;
    let received = 0;
    engine.on('packet', (packet) => {
      received += typeof packet.data === 'string' ? packet.data.length : ((packet.data as { length?: number } | undefined)?.length ?? 0);
      if (received > MAX_SESSION_BYTES) finish(new AppError('box-reply-invalid', `The box at ${host} sent far more data than any answer holds.`));
    });
    engine.on('error', (err) => {
      if (isOversized(err)) finish(new AppError('box-reply-invalid', `The box at ${host} sent an answer that is too large.`));
    });
    arm(options.timeouts.connectMs, () => new AppError('box-unreachable', `Your box did not answer at ${host}. Is it switched on and on the same network?`));
    socket.on('connect_error', () =>
      finish(new AppError('box-unreachable', `Your box did not answer at ${host}. Is it switched on and on the same network?`)),
    );
    socket.on('connect', () =>
      arm(options.timeouts.firstReplyMs, () => new AppError('box-timeout', `The box at ${host} accepted the connection but did not start the session.`)),
    );
    let shared: Uint8Array | null = null;
    socket.on('publicKey', (payload: unknown) => {
      const serverKey = decodePublicKeyPayload(payload);
      if (!serverKey || shared) {
        finish(new AppError('box-reply-invalid', 'The box sent a session key we could not understand.'));
        return;
      }
      shared = boxBefore(serverKey, keys.secretKey);
      sendEnvelope(socket!, message, shared);
      sent = true;
      arm(
        options.timeouts.replyMs,
        options.onTimeoutAfterSend ?? (() => new AppError('box-timeout', `The box at ${host} took too long to answer.`)),
      );
    });
    socket.on('message', (envelope: unknown) => {
      if (!shared) return finish(new AppError('box-reply-invalid', 'The box answered before the session started.'));
      if (typeof envelope !== 'string' || envelope.length > MAX_REPLY_CHARS) {
        return finish(new AppError('box-reply-invalid', 'The box sent an answer that is too large or malformed.'));
      }
      const opened = openEnvelope(envelope, shared);
      if (!opened.ok) return finish(new AppError('box-reply-invalid', 'The box sent an answer we could not open.'));
      const reply = ReplyMessage.safeParse(opened.message);
      if (!reply.success) return finish(new AppError('box-reply-invalid', 'The box sent an answer we did not understand.'));
      finish(null, reply.data);
    });
    socket.on('disconnect', () => {
      finish(
        sent
          ? new AppError('box-connection-lost', `The connection to your box at ${host} was lost before it answered.`)
          : new AppError('box-unreachable', `Your box at ${host} closed the connection.`),
      );
    });
  });
}
