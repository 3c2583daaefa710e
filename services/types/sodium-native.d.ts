// The part of sodium-native we use (the package ships no types): libsodium's secretbox,
// XSalsa20-Poly1305 with output tag(16) || ciphertext, as NaCl's crypto_secretbox_easy.
declare module 'sodium-native' {
  /** c.byteLength must be m.byteLength + 16; throws on a wrong length. */
  export function crypto_secretbox_easy(c: Uint8Array, m: Uint8Array, n: Uint8Array, k: Uint8Array): void;
  /** False when the tag does not verify (wrong key or tampered); m.byteLength must be c.byteLength - 16. */
  export function crypto_secretbox_open_easy(m: Uint8Array, c: Uint8Array, n: Uint8Array, k: Uint8Array): boolean;
}
