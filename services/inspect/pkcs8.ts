import { children, DerError, expectTag, integerValue, oidString, readTlv } from './der';

/**
 * Parses a PEM `ENCRYPTED PRIVATE KEY` (PKCS#8 EncryptedPrivateKeyInfo) and reports its PBES2
 * parameters. The key is never decrypted: we do not know the box password and must not try.
 */
export interface Pbes2Params {
  kdf: string;
  prf: string;
  iterations: number;
  saltLength: number;
  cipher: string;
  ivLength: number;
  encryptedLength: number;
  crlf: boolean;
}

const NAMES: Record<string, string> = {
  '1.2.840.113549.1.5.13': 'PBES2',
  '1.2.840.113549.1.5.12': 'PBKDF2',
  '1.2.840.113549.2.7': 'hmacWithSHA1',
  '1.2.840.113549.2.9': 'hmacWithSHA256',
  '1.2.840.113549.2.10': 'hmacWithSHA384',
  '1.2.840.113549.2.11': 'hmacWithSHA512',
  '2.16.840.1.101.3.4.1.2': 'aes128-CBC',
  '2.16.840.1.101.3.4.1.22': 'aes192-CBC',
  '2.16.840.1.101.3.4.1.42': 'aes256-CBC',
  '1.2.840.113549.3.7': 'des-ede3-cbc',
};
const name = (oid: string) => NAMES[oid] ?? oid;

export type PemResult = { ok: true; params: Pbes2Params } | { ok: false; problem: string };

const BEGIN = '-----BEGIN ENCRYPTED PRIVATE KEY-----';
const END = '-----END ENCRYPTED PRIVATE KEY-----';
/** The characters a PEM body may hold: base64 and line breaks (tested once, natively, not per character in JavaScript). */
const BODY_RE = /^[A-Za-z0-9+/=\r\n]+$/;

/**
 * The base64 body of a PEM "ENCRYPTED PRIVATE KEY" (line breaks included), or null: exactly what
 * /^-----BEGIN ENCRYPTED PRIVATE KEY-----\r?\n([A-Za-z0-9+/=\r\n]+?)\r?\n-----END ENCRYPTED PRIVATE KEY-----\r?\n?$/
 * accepts (pkcs8.test.ts compares the two), in one pass instead of a lazy match tried at every character.
 */
export function pemBody(text: string): string | null {
  if (!text.startsWith(BEGIN)) return null;
  let start = BEGIN.length;
  if (text.charCodeAt(start) === 13) start++;
  if (text.charCodeAt(start) !== 10) return null;
  start++;
  let end = text.length;
  if (text.endsWith('\r\n')) end -= 2;
  else if (text.endsWith('\n') || text.endsWith('\r')) end -= 1;
  end -= END.length;
  if (end < start || !text.startsWith(END, end)) return null;
  // The body runs up to the line break before END (a carriage return before it may belong to either).
  if (text.charCodeAt(end - 1) !== 10) return null;
  const body = text.slice(start, end - 1);
  return BODY_RE.test(body) ? body : null;
}

export function parseEncryptedPem(text: string): PemResult {
  const body = pemBody(text);
  if (body === null) {
    if (/-----BEGIN (RSA )?PRIVATE KEY-----/.test(text)) return { ok: false, problem: 'This key file is NOT encrypted: it should never be in a backup like this.' };
    return { ok: false, problem: 'This is not a PEM "ENCRYPTED PRIVATE KEY" file.' };
  }
  // Base64 with its line breaks: Node's decoder skips them (the same bytes as without them; pkcs8.test.ts).
  const der = Buffer.from(body, 'base64');
  try {
    const top = readTlv(der, 0);
    if (top.tag !== 0x30 || top.end !== der.length) throw new DerError('not one SEQUENCE');
    const [algorithm, data] = children(der, top);
    const [algOid, pbes2Params] = children(der, expectTag(algorithm, 0x30, 'AlgorithmIdentifier'));
    const scheme = name(oidString(der, expectTag(algOid, 0x06, 'OID')));
    if (scheme !== 'PBES2') return { ok: false, problem: `The key is encrypted with ${scheme}, not PBES2 as the box does.` };
    const [kdfAlg, encAlg] = children(der, expectTag(pbes2Params, 0x30, 'PBES2-params'));
    const [kdfOid, kdfParams] = children(der, expectTag(kdfAlg, 0x30, 'keyDerivationFunc'));
    const kdf = name(oidString(der, expectTag(kdfOid, 0x06, 'OID')));
    const kp = children(der, expectTag(kdfParams, 0x30, 'PBKDF2-params'));
    const salt = expectTag(kp[0], 0x04, 'salt');
    const iterations = integerValue(der, expectTag(kp[1], 0x02, 'iterationCount'));
    let prf = 'hmacWithSHA1';
    for (const extra of kp.slice(2)) {
      if (extra.tag === 0x30) prf = name(oidString(der, expectTag(children(der, extra)[0], 0x06, 'PRF OID')));
    }
    const [cipherOid, iv] = children(der, expectTag(encAlg, 0x30, 'encryptionScheme'));
    const cipher = name(oidString(der, expectTag(cipherOid, 0x06, 'OID')));
    const ivTlv = expectTag(iv, 0x04, 'IV');
    const encrypted = expectTag(data, 0x04, 'encryptedData');
    const encryptedLength = encrypted.end - encrypted.contentStart;
    if (encryptedLength === 0 || encryptedLength % 16 !== 0) return { ok: false, problem: 'The encrypted key data has an impossible length (damaged?).' };
    return {
      ok: true,
      params: {
        kdf,
        prf,
        iterations,
        saltLength: salt.end - salt.contentStart,
        cipher,
        ivLength: ivTlv.end - ivTlv.contentStart,
        encryptedLength,
        crlf: text.includes('\r\n'),
      },
    };
  } catch (err) {
    return { ok: false, problem: `The key file's structure is damaged (${err instanceof DerError ? err.message : 'unreadable'}).` };
  }
}

/** What the real box writes: anything else is worth a remark. */
export function unexpectedParams(p: Pbes2Params): string[] {
  const out: string[] = [];
  if (p.kdf !== 'PBKDF2') out.push(`key derivation ${p.kdf}`);
  if (p.prf !== 'hmacWithSHA512') out.push(`PRF ${p.prf}`);
  if (p.iterations !== 10_000) out.push(`${p.iterations} iterations`);
  if (p.saltLength !== 16) out.push(`${p.saltLength}-byte salt`);
  if (p.cipher !== 'aes256-CBC') out.push(`cipher ${p.cipher}`);
  return out;
}
