/** A small, strict DER reader: enough to walk PKCS#8 EncryptedPrivateKeyInfo. Never decrypts. */
export interface Tlv {
  tag: number;
  start: number;
  contentStart: number;
  end: number;
}

export class DerError extends Error {}

export function readTlv(buf: Uint8Array, at: number, limit = buf.length): Tlv {
  if (at + 2 > limit) throw new DerError('truncated');
  const tag = buf[at]!;
  let len = buf[at + 1]!;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || p + n > limit) throw new DerError('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + buf[p + i]!;
    p += n;
  }
  if (p + len > limit) throw new DerError('truncated');
  return { tag, start: at, contentStart: p, end: p + len };
}

/** The children of a constructed element. */
export function children(buf: Uint8Array, parent: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let p = parent.contentStart; p < parent.end; ) {
    const t = readTlv(buf, p, parent.end);
    out.push(t);
    p = t.end;
    if (out.length > 64) throw new DerError('too many elements');
  }
  return out;
}

export function expectTag(t: Tlv | undefined, tag: number, what: string): Tlv {
  if (!t || t.tag !== tag) throw new DerError(`expected ${what}`);
  return t;
}

export function oidString(buf: Uint8Array, t: Tlv): string {
  const bytes = buf.subarray(t.contentStart, t.end);
  if (bytes.length === 0) throw new DerError('empty OID');
  const parts = [Math.floor(bytes[0]! / 40), bytes[0]! % 40];
  let v = 0;
  for (let i = 1; i < bytes.length; i++) {
    v = v * 128 + (bytes[i]! & 0x7f);
    if (!(bytes[i]! & 0x80)) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

export function integerValue(buf: Uint8Array, t: Tlv): number {
  let v = 0;
  for (let i = t.contentStart; i < t.end; i++) v = v * 256 + buf[i]!;
  if (t.end - t.contentStart > 6) throw new DerError('integer too large');
  return v;
}
