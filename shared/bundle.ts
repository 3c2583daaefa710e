import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import { randomBytes } from '@noble/ciphers/utils.js';
import { z } from 'zod';
import { decodeBase64urlInto, decodeJsonBase64url, encodeBase64url, encodeJsonBase64url, fromUtf8, utf8 } from './base64url';
import { bundleMembers, countPeers, type BundleMembers } from './bundle-json';
import { OPEN_IN_PLACE_ROOM, secretboxOpenInPlace } from './envelope';
import { bundleShape, bundleShapeChecker, NONCE_BYTES, TAG_BYTES, type BundleShape } from './bundle-shape';
import { AppError } from './errors';

/**
 * The phone's encrypted bundle (identity-box.md §3):
 *   encryptedBackup = base64url(nonce24 || secretbox(base64url(JSON bundle), key))
 * The key is the 32 bytes of mnemonic entropy, used directly. The decrypted bundle holds private
 * keys: it stays in memory, and only summarizeBundle()'s counts and names may be shown.
 */
export { bundleShape, bundleShapeChecker, NONCE_BYTES, TAG_BYTES, type BundleShape };

const KeyPair = z.object({ publicKeyBase64: z.string(), secretKeyBase64: z.string() });
export const OwnIdentity = z.object({
  did: z.string(),
  name: z.string(),
  keyName: z.string().optional(),
  encryptionKey: KeyPair,
  signingKey: KeyPair,
});
export type OwnIdentity = z.infer<typeof OwnIdentity>;

export interface Bundle {
  ownIdentities: (OwnIdentity | null)[];
  /** peer name -> DID; the phone writes [] when the user never added a peer. */
  peerIdentities: Record<string, string>;
}

export interface BundleSummary {
  own: number;
  peers: number;
  /** Display names of the own identities (public, shown so the owner recognises the backup). */
  names: string[];
  dids: string[];
}

/** Builds the encryptedBackup string exactly as the IdApp does. */
export function encryptBundle(bundle: Bundle, key: Uint8Array, nonce: Uint8Array = randomBytes(NONCE_BYTES)): string {
  const peers = Object.keys(bundle.peerIdentities).length ? bundle.peerIdentities : [];
  const inner = encodeJsonBase64url({
    ownIdentities: bundle.ownIdentities.map((identity) => encodeJsonBase64url(identity)),
    peerIdentities: encodeJsonBase64url(peers),
  });
  const sealed = xsalsa20poly1305(key, nonce).encrypt(utf8(inner));
  const out = new Uint8Array(NONCE_BYTES + sealed.length);
  out.set(nonce);
  out.set(sealed, NONCE_BYTES);
  return encodeBase64url(out);
}

const corrupt = () => new AppError('archive-corrupt', 'The backup opened with these words, but what is inside is not a backup we understand.');

export interface OpenOptions {
  /**
   * The bundle's bytes may be overwritten (a caller that needs them no more, like inspect): it is
   * then opened inside them, with no buffer of its size at all.
   */
  overwrite?: boolean;
  /**
   * The structure of these very bytes, checked as they were read (a restore's archive check, its
   * bytes read again and matched to the same checksum): not scanned a second time.
   */
  shape?: BundleShape;
}

/**
 * Opens the bundle with the key and reads its outer JSON. Throws AppError 'mnemonic-mismatch' when
 * it does not open (wrong words), 'archive-corrupt' when it opens but is not a bundle.
 * One buffer of the decoded size is all it allocates (none with `overwrite`): the base64url is
 * decoded into it, the secretbox opened in place, and the inner base64url decoded in place again.
 */
function openBundle(encryptedBackup: string | Uint8Array, key: Uint8Array, options: OpenOptions = {}): { ownIdentities: (OwnIdentity | null)[]; peers: BundleMembers['peers'] } {
  const shape = options.shape ?? bundleShape(encryptedBackup);
  if (!shape.ok) throw new AppError('archive-corrupt', shape.problem ?? 'The encrypted backup is damaged.');
  // nonce || tag || ciphertext, decoded into one buffer (or into the bundle's own bytes), then the
  // tag and ciphertext moved down to leave the room that opening in place needs before them.
  const buffer = options.overwrite && typeof encryptedBackup !== 'string' ? encryptedBackup : new Uint8Array(shape.bytes);
  const decoded = decodeBase64urlInto(encryptedBackup, buffer);
  // A copy (a Buffer's slice() would be a view): the opening overwrites where it was.
  const nonce = Uint8Array.from(buffer.subarray(0, NONCE_BYTES));
  buffer.copyWithin(OPEN_IN_PLACE_ROOM, NONCE_BYTES, decoded);
  const work = buffer.subarray(0, OPEN_IN_PLACE_ROOM + decoded - NONCE_BYTES);
  const plain = secretboxOpenInPlace(work, nonce, key);
  if (!plain) throw new AppError('mnemonic-mismatch', 'These words do not open this backup.');
  try {
    // The plaintext is UTF-8 text of base64url: base64url's alphabet is all it may hold.
    const json = plain.subarray(0, decodeBase64urlInto(plain, plain));
    const members = bundleMembers(json);
    const ownIdentities = z.array(z.string().nullable()).parse(members.values.get('ownIdentities')).map((entry) => {
      if (entry === null) return null;
      const decoded = decodeJsonBase64url(entry);
      return decoded === null ? null : OwnIdentity.parse(decoded);
    });
    if (members.peers && !(members.peers instanceof Uint8Array) && typeof members.peers.parsed !== 'string') throw corrupt();
    return { ownIdentities, peers: members.peers };
  } catch {
    throw corrupt();
  }
}

/** Opens the whole bundle, contacts included (a test and seeding tool: the app only summarises). */
export function decryptBundle(encryptedBackup: string | Uint8Array, key: Uint8Array): Bundle {
  const { ownIdentities, peers } = openBundle(encryptedBackup, key);
  try {
    const text = peers === undefined ? undefined : peers instanceof Uint8Array ? fromUtf8(peers) : (peers.parsed as string);
    const peersRaw = text === undefined ? [] : decodeJsonBase64url(text);
    const peerIdentities = Array.isArray(peersRaw) ? {} : z.record(z.string(), z.string()).parse(peersRaw);
    return { ownIdentities, peerIdentities };
  } catch {
    throw corrupt();
  }
}

/**
 * The words check of every screen and command: opens the bundle and summarises it (counts, names,
 * DIDs, never keys) in memory bounded by the bundle's size. The contacts are counted as they are
 * decoded, never parsed into objects. Throws as decryptBundle does.
 */
export function openBundleSummary(encryptedBackup: string | Uint8Array, key: Uint8Array, options: OpenOptions = {}): BundleSummary {
  return openBundleIdentities(encryptedBackup, key, options).summary;
}

/** Who an own identity is on the box (its key file and DID document), without its keys. */
export interface IdentityFiles {
  name: string;
  keyName?: string | undefined;
  did: string;
}

/**
 * The summary and each own identity's names and DID (never its keys), from one opening: what the
 * words check needs to match the identities to the key files and DID documents of a backup.
 */
export function openBundleIdentities(encryptedBackup: string | Uint8Array, key: Uint8Array, options: OpenOptions = {}): { summary: BundleSummary; identities: IdentityFiles[] } {
  const { ownIdentities, peers } = openBundle(encryptedBackup, key, options);
  let count: number;
  try {
    const base64 = peers === undefined ? undefined : peers instanceof Uint8Array ? peers : utf8(peers.parsed as string);
    count = base64 === undefined ? 0 : countPeers(base64);
  } catch {
    throw corrupt();
  }
  const own = ownIdentities.filter((i): i is OwnIdentity => i !== null);
  return {
    summary: { own: own.length, peers: count, names: own.map((i) => i.name), dids: own.map((i) => i.did) },
    identities: own.map((i) => ({ name: i.name, keyName: i.keyName, did: i.did })),
  };
}

/** Counts, names and DIDs only: never keys. */
export function summarizeBundle(bundle: Bundle): BundleSummary {
  const own = bundle.ownIdentities.filter((i): i is OwnIdentity => i !== null);
  return {
    own: own.length,
    peers: Object.keys(bundle.peerIdentities).length,
    names: own.map((i) => i.name),
    dids: own.map((i) => i.did),
  };
}

/** The box key name of an identity: keyName, or the display name for identities made before Oct 2019. */
export function boxKeyName(identity: OwnIdentity): string {
  return identity.keyName ?? identity.name;
}
