import { Decoder, Encoder, PacketType, protocol } from 'socket.io-parser';

/**
 * Socket.IO's own parser (socket.io-parser, the one socket.io-client uses by default), with one
 * shortcut for the packet that carries a box's reply: `2/<namespace>,["message","<envelope>"]`.
 * The envelope is base64url, up to about 1 MB; JSON.parse would copy it once more only to find
 * the same characters. When the string between the quotes holds no quote and no backslash it is
 * exactly what JSON.parse returns, so it is taken as it is. Every other packet, and any reply in
 * another form, goes through the standard decoder. Nothing changes on the wire.
 */
const HEAD = '["message","';
const TAIL = '"]';

export class EnvelopeDecoder extends Decoder {
  override add(obj: unknown): void {
    const fast = typeof obj === 'string' && !(this as unknown as { reconstructor?: unknown }).reconstructor ? messagePacket(obj) : null;
    if (fast) this.emitReserved('decoded', fast);
    else super.add(obj);
  }
}

/** The packet of `2/<nsp>,["message","<text without quote or backslash>"]`, else null. */
export function messagePacket(text: string): { type: PacketType.EVENT; nsp: string; data: [string, string] } | null {
  if (text.charCodeAt(0) !== 0x32 /* 2: EVENT */ || text.charCodeAt(1) !== 0x2f /* / */) return null;
  const comma = text.indexOf(',');
  if (comma < 0 || !text.startsWith(HEAD, comma + 1) || !text.endsWith(TAIL)) return null;
  const start = comma + 1 + HEAD.length;
  const end = text.length - TAIL.length;
  if (end < start) return null;
  const quote = text.indexOf('"', start);
  if (quote !== end || text.indexOf('\\', start) !== -1) return null;
  return { type: PacketType.EVENT, nsp: text.slice(1, comma), data: ['message', text.slice(start, end)] };
}

/** For socket.io-client's `parser` option. */
export const envelopeParser = { protocol, Encoder, Decoder: EnvelopeDecoder };
