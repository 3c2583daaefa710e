import { setBase64urlCodec } from '../../shared/base64url';

const asBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/** Node's own base64url for the envelope (shared/base64url.ts checks the alphabet before decoding). */
export function useNodeBase64url(): void {
  setBase64urlCodec({
    encode: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url'),
    decode: (text) => {
      const buf = Buffer.from(text, 'base64url');
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    },
    latin1: (bytes) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1'),
    encodeInto: (bytes, target, at) => at + asBuffer(target).write(asBuffer(bytes).toString('base64url'), at, 'latin1'),
    decodeInto: (text, target) => Buffer.from(target.buffer, target.byteOffset, target.byteLength).write(text, 'base64url'),
  });
}
