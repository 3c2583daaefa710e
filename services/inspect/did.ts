import { decodeBase64url } from '../../shared/base64url';

/** A short description of an untrusted value, without converting it (String() of a deeply nested array recurses). */
function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value.slice(0, 80)}"`;
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}

/** Checks one DID document as the box writes it (identity-box.md §4); returns problems as sentences. */
export function checkDidDocument(fileName: string, text: string): string[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return ['The DID document is not readable JSON.'];
  }
  if (typeof doc !== 'object' || doc === null) return ['The DID document is not a JSON object.'];
  const d = doc as { id?: unknown; publicKey?: unknown };
  const problems: string[] = [];
  const expectedId = `did:ipid:${fileName}`;
  if (d.id !== expectedId) problems.push(`Its id is ${describe(d.id)}, but the file name says it should be ${expectedId}.`);
  const keys = Array.isArray(d.publicKey) ? (d.publicKey as Record<string, unknown>[]) : [];
  const want = [
    { suffix: '#signing-key-1', type: 'EdDsaPublicKey', curve: 'ed25519' },
    { suffix: '#encryption-key-1', type: 'ECDHPublicKey', curve: 'Curve25519' },
  ];
  for (const w of want) {
    const key = keys.find((k) => typeof k?.id === 'string' && (k.id as string).endsWith(w.suffix));
    if (!key) {
      problems.push(`It has no ${w.suffix.slice(1)} public key.`);
      continue;
    }
    if (key.type !== w.type || key.curve !== w.curve) problems.push(`Its ${w.suffix.slice(1)} is not an ${w.type} on ${w.curve}.`);
    try {
      if (typeof key.publicKeyBase64 !== 'string' || decodeBase64url(key.publicKeyBase64).length !== 32) throw new Error();
    } catch {
      problems.push(`Its ${w.suffix.slice(1)} is not a 32-byte base64url public key.`);
    }
  }
  return problems;
}
