import { createPublicKey, diffieHellman, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type * as SodiumModule from 'sodium-native';
import { setNaclBackend, type KeyPair, type NaclBackend } from '../../shared/envelope';
import { useNodeBase64url } from './native-base64url';

/**
 * The envelope's crypto on Node, byte for byte the pure code's (native-crypto.test.ts):
 * - X25519 through node:crypto (OpenSSL): about 0.1 ms a session instead of 2 ms in pure JavaScript;
 * - XSalsa20-Poly1305 through libsodium (sodium-native, an N-API prebuild shipped inside its npm
 *   package, loaded like fs-native-extensions): about 1.8 GB/s instead of 95 MB/s. A 1 MB envelope
 *   costs 0.3 ms instead of 6 ms, on each side. It is loaded (preloadSodium) when a transfer
 *   starts, not with the program, so a command that sends no large message never pays its load
 *   time; until it is there, or where it cannot load, the pure code does the work.
 */
type Sodium = typeof SodiumModule;

/** Below this many bytes the pure code is as quick as loading the library (about 15 ms once). */
export const NATIVE_SECRETBOX_FROM = 32 * 1024;
const MAC_BYTES = 16;

let sodium: Sodium | null = null;
let loading: Promise<boolean> | null = null;

/** Starts loading libsodium (once); resolves false where its prebuild cannot load (an unusual platform). */
export function preloadSodium(): Promise<boolean> {
  loading ??= import('sodium-native').then(
    (module) => {
      sodium = ((module as { default?: Sodium }).default ?? module) as Sodium;
      return true;
    },
    () => false,
  );
  return loading;
}

const loaded = (): Sodium | null => sodium;

const view = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.byteLength);

export function sodiumSeal(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array | null {
  const lib = message.length >= NATIVE_SECRETBOX_FROM ? loaded() : null;
  if (!lib) return null;
  const out = Buffer.allocUnsafeSlow(message.length + MAC_BYTES);
  lib.crypto_secretbox_easy(out, message, nonce, key);
  return view(out);
}

export function sodiumOpen(sealed: Uint8Array, nonce: Uint8Array, key: Uint8Array, inPlace = false): Uint8Array | null | undefined {
  const lib = sealed.length >= NATIVE_SECRETBOX_FROM ? loaded() : null;
  if (!lib || sealed.length < MAC_BYTES) return undefined;
  // In place when the caller lets us overwrite the sealed bytes (libsodium allows it): one buffer fewer per reply.
  const out = inPlace ? sealed.subarray(0, sealed.length - MAC_BYTES) : view(Buffer.allocUnsafeSlow(sealed.length - MAC_BYTES));
  return lib.crypto_secretbox_open_easy(out, sealed, nonce, key) ? out : null;
}

// The key objects of the pairs made here, by their secret key: a session's own key never needs
// importing again. Secret keys made elsewhere (tests, tweetnacl) are left to the pure code.
const privateKeys = new WeakMap<Uint8Array, KeyObject>();

export function nodeKeyPair(): KeyPair {
  const { privateKey } = generateKeyPairSync('x25519');
  const jwk = privateKey.export({ format: 'jwk' });
  const secretKey = view(Buffer.from(jwk.d!, 'base64url'));
  privateKeys.set(secretKey, privateKey);
  return { publicKey: view(Buffer.from(jwk.x!, 'base64url')), secretKey };
}

export function nodeSharedSecret(theirPublicKey: Uint8Array, mySecretKey: Uint8Array): Uint8Array | null {
  const privateKey = privateKeys.get(mySecretKey);
  if (!privateKey || theirPublicKey.length !== 32) return null;
  const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(theirPublicKey).toString('base64url') }, format: 'jwk' });
  // OpenSSL refuses an all-zero result (a low-order point), as the pure code does.
  return view(diffieHellman({ privateKey, publicKey }));
}

export const NODE_NACL: NaclBackend = { generateKeyPair: nodeKeyPair, sharedSecret: nodeSharedSecret, seal: sodiumSeal, open: sodiumOpen };

/** Node's base64url and NaCl for every envelope this process seals or opens. */
export function useNodeCrypto(): void {
  useNodeBase64url();
  setNaclBackend(NODE_NACL);
}
