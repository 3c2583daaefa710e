import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { createCipheriv, generateKeyPairSync, pbkdf2Sync, randomBytes, type KeyObject } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backupIdFromMnemonic } from '../shared/backup-id';
import { encodeBase64url } from '../shared/base64url';
import { encryptBundle, type Bundle, type OwnIdentity } from '../shared/bundle';
import { entropyToMnemonic } from '../shared/mnemonic';
import { integer, octets, oid, OID, seq, nul } from './der';

/**
 * Writes backup folders exactly as the IdApp and the box would (identity-box.md §3-4): the
 * encrypted bundle, one PBES2-encrypted RSA-2048 PEM per identity, and the DID documents.
 */
export const DEFAULT_BOX_PASSWORD = 'reference-box-backup-password';

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function randomFrom(alphabet: string, n: number): string {
  const bytes = randomBytes(n);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return out;
}

/** An IPNS name in the CIDv0 form the box uses (Qm + 44 base58 characters). */
export const randomIpnsName = (): string => `Qm${randomFrom(BASE58, 44)}`;

/** A box key name: 13-digit millisecond timestamp + 14 base64url characters. */
export function randomKeyName(now = Date.now()): string {
  return `${String(now).padStart(13, '0')}${randomBytes(11).toString('base64url').slice(0, 14)}`;
}

let cachedRsa: KeyObject | null = null;

function rsaKey(fast: boolean): KeyObject {
  if (fast && cachedRsa) return cachedRsa;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  if (fast) cachedRsa = privateKey;
  return privateKey;
}

/** PKCS#8 EncryptedPrivateKeyInfo: PBES2, PBKDF2 HMAC-SHA512, 10000 iterations, 16-byte salt, AES-256-CBC; CRLF PEM. */
export function encryptedPem(privateKey: KeyObject, password: string, iterations = 10_000): string {
  const der = privateKey.export({ type: 'pkcs8', format: 'der' });
  const salt = randomBytes(16);
  const iv = randomBytes(16);
  const key = pbkdf2Sync(password, salt, iterations, 32, 'sha512');
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  const encrypted = Buffer.concat([cipher.update(der), cipher.final()]);
  const info = seq(
    seq(
      oid(OID.pbes2),
      seq(
        seq(oid(OID.pbkdf2), seq(octets(salt), integer(iterations), seq(oid(OID.hmacWithSHA512), nul()))),
        seq(oid(OID.aes256CBC), octets(iv)),
      ),
    ),
    octets(encrypted),
  );
  const b64 = info.toString('base64').match(/.{1,64}/g) ?? [];
  return ['-----BEGIN ENCRYPTED PRIVATE KEY-----', ...b64, '-----END ENCRYPTED PRIVATE KEY-----', ''].join('\r\n');
}

export function didDocument(ipnsName: string, signingPublicKey: string, encryptionPublicKey: string, created = new Date()) {
  const did = `did:ipid:${ipnsName}`;
  return {
    id: did,
    created: created.toISOString(),
    '@context': { '/': `Qm${randomFrom(BASE58, 44)}` },
    publicKey: [
      { id: `${did}#signing-key-1`, type: 'EdDsaPublicKey', controller: did, curve: 'ed25519', publicKeyBase64: signingPublicKey },
      { id: `${did}#encryption-key-1`, type: 'ECDHPublicKey', controller: did, curve: 'Curve25519', publicKeyBase64: encryptionPublicKey },
    ],
  };
}

export interface SeedOptions {
  identities: number;
  peers?: number;
  /** 32 bytes; random when absent. */
  entropy?: Uint8Array;
  names?: string[];
  password?: string;
  /** Reuse one RSA key for every PEM in this process (tests); real seeds make one per identity. */
  fastKeys?: boolean;
  /**
   * Identities made before October 2019, added after the others: no `keyName`, so the box named
   * their key files after their display names (identity-box.md §3-4), here with accents,
   * apostrophes, commas, spaces, emoji and non-Latin scripts.
   */
  legacy?: number;
}

/** Display names a person could have typed on the phone, each one a key file name on the box. */
export const LEGACY_NAMES = ["Zoë's phone", '山田 太郎', '📱 Tel', 'Renée, Work', 'Ирина', 'Ølaf Ærø', 'محمد', 'Σοφία (home)', '김민준', 'José María'];

export interface SeededBackup {
  mnemonic: string;
  backupId: string;
  folder: string;
  /** Box key names, one per identity (what `reset` and `backup` take as identityNames); a legacy one is its display name. */
  identityNames: string[];
  displayNames: string[];
  peers: number;
}

const DEFAULT_NAMES = ['Personal', 'Work', 'Family', 'Club', 'Travel', 'Health', 'Bank', 'School'];

/** Writes one backup folder `<dataDir>/<backupId>/` as a real box holds it. */
export async function seedBackup(dataDir: string, options: SeedOptions): Promise<SeededBackup> {
  const entropy = options.entropy ?? randomBytes(32);
  const mnemonic = entropyToMnemonic(entropy);
  const backupId = backupIdFromMnemonic(mnemonic);
  const folder = join(dataDir, backupId);
  const password = options.password ?? DEFAULT_BOX_PASSWORD;
  const own: OwnIdentity[] = [];
  const files: [string, string][] = [];
  const legacy = options.legacy ?? 0;
  for (let i = 0; i < options.identities + legacy; i++) {
    const isLegacy = i >= options.identities;
    const j = i - options.identities;
    const name = isLegacy
      ? LEGACY_NAMES[j % LEGACY_NAMES.length]! + (j >= LEGACY_NAMES.length ? ` ${j + 1}` : '')
      : (options.names?.[i] ?? DEFAULT_NAMES[i % DEFAULT_NAMES.length]! + (i >= DEFAULT_NAMES.length ? ` ${i + 1}` : ''));
    const keyName = isLegacy ? name : randomKeyName(Date.now() - (options.identities - i) * 60_000);
    const ipnsName = randomIpnsName();
    const signingSecret = ed25519.utils.randomSecretKey();
    const encryptionSecret = x25519.utils.randomSecretKey();
    const signingPublic = encodeBase64url(ed25519.getPublicKey(signingSecret));
    const encryptionPublic = encodeBase64url(x25519.getPublicKey(encryptionSecret));
    own.push({
      did: `did:ipid:${ipnsName}`,
      name,
      ...(isLegacy ? {} : { keyName }),
      encryptionKey: { publicKeyBase64: encryptionPublic, secretKeyBase64: encodeBase64url(encryptionSecret) },
      signingKey: { publicKeyBase64: signingPublic, secretKeyBase64: encodeBase64url(signingSecret) },
    });
    files.push([`${keyName}.pem`, encryptedPem(rsaKey(options.fastKeys ?? false), password)]);
    files.push([`did-docs/${ipnsName}`, JSON.stringify(didDocument(ipnsName, signingPublic, encryptionPublic))]);
  }
  const peerIdentities: Bundle['peerIdentities'] = {};
  for (let i = 0; i < (options.peers ?? 0); i++) peerIdentities[`Peer ${i + 1}`] = `did:ipid:${randomIpnsName()}`;
  const encryptedBackup = encryptBundle({ ownIdentities: own, peerIdentities }, entropy);

  await rm(folder, { recursive: true, force: true });
  await mkdir(join(folder, 'did-docs'), { recursive: true });
  await writeFile(join(folder, 'backup'), encryptedBackup);
  for (const [path, content] of files) await writeFile(join(folder, path), content);
  return {
    mnemonic,
    backupId,
    folder,
    identityNames: own.map((i) => i.keyName ?? i.name),
    displayNames: own.map((i) => i.name),
    peers: options.peers ?? 0,
  };
}
