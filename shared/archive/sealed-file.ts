import { AGE_X25519_HEADER_BYTES, sealedSize } from './manifest-core';

/**
 * Reads a sealed key file (format 2) without the words: is it an age file (age-encryption.org/v1)
 * with exactly one X25519 recipient, laid out as this app writes it, and how many bytes does it
 * hold? It proves the structure, not the owner: only the words open it (services/archive/seal.ts).
 * Reads at most the fixed header; never throws on any input.
 */
export type SealedFileCheck = { ok: true; plainSize: number } | { ok: false; problem: 'not-age' | 'not-x25519' | 'bad-header' | 'bad-size' };

const VERSION_LINE = 'age-encryption.org/v1\n';
const STANZA_PREFIX = '-> X25519 ';
const MAC_PREFIX = '--- ';
/** 32 bytes in unpadded standard base64 (age's encoding): 43 characters, the last one of 4 values. */
const B64_32 = /^[A-Za-z0-9+/]{42}[AEIMQUYcgkosw048]$/;

function ascii(bytes: Uint8Array, from: number, to: number): string {
  let out = '';
  for (let i = from; i < Math.min(to, bytes.length); i++) out += String.fromCharCode(bytes[i]!);
  return out;
}

/** The plaintext size of an age file of `total` bytes as this app writes it, or null when no size fits. */
export function plainSizeOf(total: number): number | null {
  const payload = total - AGE_X25519_HEADER_BYTES - 16;
  if (!Number.isSafeInteger(total) || payload < 16) return null;
  const chunks = Math.max(1, Math.ceil((payload - 16) / (65536 + 16)));
  const plain = payload - 16 * chunks;
  return plain >= 0 && sealedSize(plain) === total ? plain : null;
}

export function checkSealedFile(bytes: Uint8Array): SealedFileCheck {
  if (ascii(bytes, 0, VERSION_LINE.length) !== VERSION_LINE) return { ok: false, problem: 'not-age' };
  const header = ascii(bytes, VERSION_LINE.length, AGE_X25519_HEADER_BYTES).split('\n');
  // header: "-> X25519 <share>", "<wrapped key>", "--- <mac>", "" (the header ends with its newline)
  if (!header[0]?.startsWith('-> ')) return { ok: false, problem: 'bad-header' };
  if (!header[0].startsWith(STANZA_PREFIX)) return { ok: false, problem: 'not-x25519' };
  if (header.length !== 4 || header[3] !== '') return { ok: false, problem: 'bad-header' };
  const share = header[0].slice(STANZA_PREFIX.length);
  if (!B64_32.test(share) || !B64_32.test(header[1]!) || !header[2]!.startsWith(MAC_PREFIX) || !B64_32.test(header[2]!.slice(MAC_PREFIX.length))) {
    return { ok: false, problem: 'bad-header' };
  }
  const plainSize = plainSizeOf(bytes.length);
  return plainSize === null ? { ok: false, problem: 'bad-size' } : { ok: true, plainSize };
}
