import type { Socket } from 'socket.io-client';
import type { RequestMessage } from '../../shared/box-protocol';
import { sealEnvelope, sealEnvelopeBytes } from '../../shared/envelope';

/** The parts of socket.io-client we reach into: its namespace and its engine's WebSocket (ws). */
interface SocketInternals {
  nsp?: unknown;
  io: { engine: { transport?: { name?: unknown; ws?: { send?: unknown } } } };
}
type WsSend = (data: Buffer, options: { binary: boolean; compress: boolean }) => void;

const TAIL = Buffer.from('"]', 'latin1');
/** A namespace written as it is between the packet type and the comma: the client's own, `/<base64url key>`. */
const PLAIN_NSP = /^\/[A-Za-z0-9_-]{1,100}$/;

/**
 * socket.emit('message', <sealed request>), written out: the text frame socket.io-client sends,
 * `42<namespace>,["message","<envelope>"]` (engine.io's message type, Socket.IO's event, the data
 * as JSON.stringify writes it: a sealed envelope is base64url, which JSON escapes nothing of),
 * built as bytes. The envelope is sealed straight into the frame's bytes and handed to ws as a
 * text frame: no megabyte-long string for Socket.IO to stringify, engine.io to prefix, and ws to
 * measure and encode to UTF-8 again (an upload's every call). The same bytes on the wire as
 * before (send-frame.int.test.ts compares them); anything unusual goes the ordinary way.
 */
export function sendEnvelope(socket: Socket, message: RequestMessage, shared: Uint8Array): void {
  const internals = socket as unknown as SocketInternals;
  const transport = internals.io.engine.transport;
  const nsp = internals.nsp;
  const send = transport?.ws?.send;
  if (transport?.name !== 'websocket' || typeof send !== 'function' || typeof nsp !== 'string' || !PLAIN_NSP.test(nsp)) {
    socket.emit('message', sealEnvelope(message, shared));
    return;
  }
  const head = Buffer.from(`42${nsp},["message","`, 'latin1');
  const { buffer, start, end } = sealEnvelopeBytes(message, shared, undefined, { before: head.length, after: TAIL.length });
  const frame = Buffer.from(buffer.buffer, buffer.byteOffset + start - head.length, head.length + end - start + TAIL.length);
  frame.set(head, 0);
  frame.set(TAIL, frame.length - TAIL.length);
  try {
    (send as WsSend).call(transport!.ws, frame, { binary: false, compress: false });
  } catch {
    // A socket closed under us: its close event ends the session, as engine.io's own write does.
  }
}
