import type { IdentityFiles } from '../bundle';

/**
 * Which of the bundle's own identities lack their box key file or DID document in a backup's
 * file list (identity-box.md §3-4): the key file is named by `keyName`, or by the display name for
 * identities made before October 2019; the DID document by the IPNS name of the identity's DID.
 * Used where the owner's words opened the bundle: inspect with words, and the restore screen.
 */
export function identitiesWithoutFiles(identities: readonly IdentityFiles[], paths: Iterable<string>): { name: string; missing: string[] }[] {
  const have = new Set(paths);
  const out: { name: string; missing: string[] }[] = [];
  for (const identity of identities) {
    const missing: string[] = [];
    // The box key name: keyName, or the display name for identities made before Oct 2019.
    const pem = `${identity.keyName ?? identity.name}.pem`;
    if (!have.has(pem)) missing.push(pem);
    if (identity.did.startsWith('did:ipid:')) {
      const doc = `did-docs/${identity.did.slice('did:ipid:'.length)}`;
      if (!have.has(doc)) missing.push(doc);
    }
    if (missing.length) out.push({ name: identity.name, missing });
  }
  return out;
}
