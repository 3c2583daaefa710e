/** Unpadded base64url (RFC 4648 §5), as every layer of the Identity Box protocol uses it. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export const BASE64URL_RE = /^[A-Za-z0-9_-]*$/;

// Pure and fast (the envelope base64url-encodes every message three times, megabytes per call):
// encode through a 12-bit pair table into ASCII bytes and decode those with TextDecoder; decode
// through TextEncoder.encodeInto and a byte table. No string concatenation per character.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const PAIRS = new Uint16Array(4096);
for (let i = 0; i < 4096; i++) {
  const first = ALPHABET.charCodeAt(i >> 6);
  const second = ALPHABET.charCodeAt(i & 63);
  PAIRS[i] = LITTLE_ENDIAN ? first | (second << 8) : (first << 8) | second;
}
const CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));
const BYTE_LOOKUP = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) BYTE_LOOKUP[ALPHABET.charCodeAt(i)] = i;
const ascii = new TextDecoder('latin1');

/**
 * A runtime's own codec (Node's Buffer is ~5x faster than the pure code below). shared/ stays pure:
 * Node-side modules install it (services/box/native-base64url.ts). `decode` may be lenient;
 * decodeBase64url checks the alphabet itself before using it.
 */
export interface Base64urlCodec {
  encode(bytes: Uint8Array): string;
  decode(text: string): Uint8Array;
  /** Decodes into `target` (room enough); returns the bytes written. */
  decodeInto?(text: string, target: Uint8Array): number;
  /** Bytes to a string, one character per byte. */
  latin1?(bytes: Uint8Array): string;
  /** encodeBase64urlInto's contract: writes the ASCII into `target` at `at`, returns the end. */
  encodeInto?(bytes: Uint8Array, target: Uint8Array, at: number): number;
}
let native: Base64urlCodec | null = null;

export function setBase64urlCodec(codec: Base64urlCodec | null): void {
  native = codec;
}

export function encodeBase64url(bytes: Uint8Array): string {
  return native ? native.encode(bytes) : encodePure(bytes);
}

/**
 * Decodes unpadded (or padded) base64url; throws on any other character or an impossible length.
 * With a `scratch` the result is a view into that reusable buffer, valid until the next call with
 * it: for the megabyte-long layers of an envelope, used at once and dropped (no garbage per reply).
 */
export function decodeBase64url(text: string, scratch?: Scratch): Uint8Array {
  if (!native) return decodePure(text);
  const s = text.endsWith('=') ? text.replace(/=+$/, '') : text;
  if (s.length % 4 === 1) throw new Error('invalid base64url length');
  const expected = Math.floor((s.length * 3) / 4);
  // Node's decoder skips characters outside the alphabet (so the length comes out short) and also
  // accepts '+' and '/' of plain base64: both are refused here, without a regex over megabytes.
  let out: Uint8Array;
  if (scratch && native.decodeInto) {
    const target = scratch.take(expected);
    out = target.subarray(0, native.decodeInto(s, target));
  } else out = native.decode(s);
  if (out.length !== expected || s.includes('+') || s.includes('/')) throw new Error('invalid base64url character');
  return out;
}

/** A buffer reused from one decode to the next (grows as needed). */
export class Scratch {
  private buffer = new Uint8Array(0);
  take(size: number): Uint8Array {
    if (this.buffer.length < size) this.buffer = new Uint8Array(Math.max(size, this.buffer.length * 2));
    return this.buffer.subarray(0, size);
  }
}

export function encodePure(bytes: Uint8Array): string {
  const full = bytes.length - (bytes.length % 3);
  const outLength = Math.ceil((bytes.length * 4) / 3);
  // Written as 16-bit pairs of characters; an even-sized buffer keeps the Uint16Array view valid.
  const out = new Uint8Array(outLength + (outLength & 1) + 2);
  const pairs = new Uint16Array(out.buffer, 0, out.length >> 1);
  let p = 0;
  for (let i = 0; i < full; i += 3) {
    const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    pairs[p++] = PAIRS[n >> 12]!;
    pairs[p++] = PAIRS[n & 4095]!;
  }
  let o = p * 2;
  const rest = bytes.length - full;
  if (rest === 1) {
    const n = bytes[full]! << 16;
    out[o++] = ALPHABET.charCodeAt(n >> 18);
    out[o++] = ALPHABET.charCodeAt((n >> 12) & 63);
  } else if (rest === 2) {
    const n = (bytes[full]! << 16) | (bytes[full + 1]! << 8);
    out[o++] = ALPHABET.charCodeAt(n >> 18);
    out[o++] = ALPHABET.charCodeAt((n >> 12) & 63);
    out[o++] = ALPHABET.charCodeAt((n >> 6) & 63);
  }
  return ascii.decode(out.subarray(0, o));
}

/** The length of unpadded base64url of `bytes` bytes. */
export const base64urlLength = (bytes: number): number => Math.ceil((bytes * 4) / 3);

/**
 * Writes base64url of `bytes` as ASCII into `target` at `at` and returns the end. No string, no
 * allocation: the layers of an envelope are written straight into the buffer that goes out. Four
 * characters per store when the place is 4-byte aligned (measured twice as fast as a runtime's
 * base64 to a string, which is then copied again).
 */
export function encodeBase64urlInto(bytes: Uint8Array, target: Uint8Array, at: number): number {
  return native?.encodeInto ? native.encodeInto(bytes, target, at) : encodeIntoPure(bytes, target, at);
}

export function encodeIntoPure(bytes: Uint8Array, target: Uint8Array, at: number): number {
  const full = bytes.length - (bytes.length % 3);
  let o = at;
  let i = 0;
  if (LITTLE_ENDIAN && (target.byteOffset + at) % 4 === 0) {
    const quads = new Uint32Array(target.buffer, target.byteOffset + at, Math.floor((target.length - at) / 4));
    let q = 0;
    for (; i < full; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      quads[q++] = PAIRS[n >> 12]! | (PAIRS[n & 4095]! << 16);
    }
    o += q * 4;
  } else {
    for (; i < full; i += 3) {
      const n = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
      target[o++] = CODES[n >> 18]!;
      target[o++] = CODES[(n >> 12) & 63]!;
      target[o++] = CODES[(n >> 6) & 63]!;
      target[o++] = CODES[n & 63]!;
    }
  }
  const rest = bytes.length - full;
  if (rest > 0) {
    const n = (bytes[full]! << 16) | (rest === 2 ? bytes[full + 1]! << 8 : 0);
    target[o++] = CODES[n >> 18]!;
    target[o++] = CODES[(n >> 12) & 63]!;
    if (rest === 2) target[o++] = CODES[(n >> 6) & 63]!;
  }
  return o;
}

export function decodePure(text: string): Uint8Array {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 61 /* = */) end--;
  if (end % 4 === 1) throw new Error('invalid base64url length');
  // Every valid character is one UTF-8 byte; anything else needs more room, so encodeInto stops early.
  const input = new Uint8Array(end);
  const { read, written } = encoder.encodeInto(end === text.length ? text : text.slice(0, end), input);
  if (read !== end || written !== end) throw new Error('invalid base64url character');
  return decodeAscii(input);
}

/** Unpadded base64url given as ASCII bytes; throws on any other byte or an impossible length. */
function decodeAscii(input: Uint8Array, scratch?: Scratch): Uint8Array {
  const size = Math.floor((input.length * 3) / 4);
  const out = scratch ? scratch.take(size) : new Uint8Array(size);
  decodeAsciiTo(input, out);
  return out;
}

/**
 * The decoding loop: writes into `out` (room for 3/4 of the input) and returns the bytes written.
 * `out` may be `input`'s own memory from the same start (decoding in place): each group of four
 * characters is read before its three bytes are written, always behind the reading position.
 */
function decodeAsciiTo(input: Uint8Array, out: Uint8Array): number {
  const end = input.length;
  if (end % 4 === 1) throw new Error('invalid base64url length');
  const full = end - (end % 4);
  let o = 0;
  let bad = 0;
  for (let i = 0; i < full; i += 4) {
    const a = BYTE_LOOKUP[input[i]!]!;
    const b = BYTE_LOOKUP[input[i + 1]!]!;
    const c = BYTE_LOOKUP[input[i + 2]!]!;
    const d = BYTE_LOOKUP[input[i + 3]!]!;
    bad |= a | b | c | d;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = (n >> 16) & 0xff;
    out[o++] = (n >> 8) & 0xff;
    out[o++] = n & 0xff;
  }
  let n = 0;
  let bits = 0;
  for (let i = full; i < end; i++) {
    const v = BYTE_LOOKUP[input[i]!]!;
    bad |= v;
    n = (n << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (n >> bits) & 0xff;
    }
  }
  if (bad < 0) throw new Error('invalid base64url character');
  return o;
}

/** Unpadded (or padded) base64url, as text or as its ASCII bytes: the length without padding, and the decoded size. */
export function base64urlSize(input: string | Uint8Array): { chars: number; bytes: number } {
  let end = input.length;
  const at = (i: number) => (typeof input === 'string' ? input.charCodeAt(i) : input[i]!);
  while (end > 0 && at(end - 1) === 61 /* = */) end--;
  return { chars: end, bytes: Math.floor((end * 3) / 4) };
}

const CHUNK_CHARS = 64 * 1024;

/**
 * Decodes base64url (text, or its ASCII bytes) into `out` (room for base64urlSize's bytes) and
 * returns the bytes written; throws on any other character or an impossible length. Bytes may be
 * decoded in place (`out` = the input's memory). Text goes through a 64 KiB buffer, never a copy
 * of its whole length: this is how a bundle of many megabytes is opened without several copies.
 */
export function decodeBase64urlInto(input: string | Uint8Array, out: Uint8Array): number {
  const { chars } = base64urlSize(input);
  if (chars % 4 === 1) throw new Error('invalid base64url length');
  if (typeof input !== 'string') return decodeAsciiTo(input.subarray(0, chars), out);
  const buffer = new Uint8Array(Math.min(CHUNK_CHARS, chars));
  let written = 0;
  for (let at = 0; at < chars; at += CHUNK_CHARS) {
    const part = input.slice(at, Math.min(chars, at + CHUNK_CHARS));
    const { read, written: n } = encoder.encodeInto(part, buffer);
    if (read !== part.length || n !== part.length) throw new Error('invalid base64url character');
    written += decodeAsciiTo(buffer.subarray(0, n), out.subarray(written));
  }
  return written;
}

export const utf8 = (text: string): Uint8Array => encoder.encode(text);
export const fromUtf8 = (bytes: Uint8Array): string => decoder.decode(bytes);

/**
 * Decodes unpadded (or padded) base64url carried as bytes (the layers inside an envelope), straight
 * from the bytes: as fast here as a runtime's decoder, which would first need the bytes copied
 * into a string of the same length (a megabyte of garbage per reply). Refuses any other byte.
 */
export function decodeBase64urlBytes(bytes: Uint8Array, scratch?: Scratch): Uint8Array {
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 61 /* = */) end--;
  const input = end === bytes.length ? bytes : bytes.subarray(0, end);
  // A runtime's decoder, through a string of the bytes, measured faster in a real pull than the
  // loop below (which V8 runs at about half its best speed there).
  return native?.latin1 ? decodeBase64url(native.latin1(input), scratch) : decodeAscii(input, scratch);
}

/** base64url(JSON.stringify(value)) over UTF-8, the box's favourite wrapping. */
export function encodeJsonBase64url(value: unknown): string {
  return encodeBase64url(utf8(JSON.stringify(value)));
}

export function decodeJsonBase64url(text: string): unknown {
  return JSON.parse(fromUtf8(decodeBase64url(text)));
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
