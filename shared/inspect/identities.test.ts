import { describe, expect, it } from 'vitest';
import type { Bundle, OwnIdentity } from '../bundle';
import { identitiesWithoutFiles } from './identities';

const keys = { publicKeyBase64: 'p', secretKeyBase64: 's' };
const identity = (name: string, ipns: string, keyName?: string): OwnIdentity => ({ did: `did:ipid:${ipns}`, name, ...(keyName ? { keyName } : {}), encryptionKey: keys, signingKey: keys });

describe("the bundle's identities against a backup's files", () => {
  const bundle: Bundle = {
    ownIdentities: [identity('Work', 'QmWork', '1571676385721O3etAS4D5X6Yuw'), identity("Zoë's phone", 'QmZoe'), null],
    peerIdentities: {},
  };
  const own = bundle.ownIdentities.filter((i) => i !== null);

  it('finds a legacy identity by its display name and a current one by its keyName', () => {
    expect(identitiesWithoutFiles(own, ['backup', '1571676385721O3etAS4D5X6Yuw.pem', "Zoë's phone.pem", 'did-docs/QmWork', 'did-docs/QmZoe'])).toEqual([]);
  });

  it("names the identity whose key file is missing, even when the counts agree (another key file stands in its place)", () => {
    expect(identitiesWithoutFiles(own, ['backup', '1571676385721O3etAS4D5X6Yuw.pem', 'Zoe s phone.pem', 'did-docs/QmWork', 'did-docs/QmZoe'])).toEqual([
      { name: "Zoë's phone", missing: ["Zoë's phone.pem"] },
    ]);
  });
});
