import { describe, expect, it } from 'vitest';
import { newestComplete, shrinkAgainst } from './shrink';

const now = Date.parse('2026-12-07T12:00:00Z');
const complete = (keyFiles: number) => ({ status: 'ok' as const, bundle: true, keyFiles, didDocuments: keyFiles });
const entry = (path: string, createdAt: string, keyFiles: number) => ({ path, createdAt, content: complete(keyFiles) });

describe('the copy a new archive is compared with', () => {
  it('is the newest complete one', async () => {
    const found = await newestComplete([entry('/a', '2026-12-01T00:00:00Z', 3), entry('/b', '2026-12-05T00:00:00Z', 2)], now);
    expect(found?.entry.path).toBe('/b');
  });

  it('is not a copy dated in the future by a clock that was ahead, which would otherwise stay "newest" for ever', async () => {
    // Made in 2027 by a clock a year ahead, with 5 identities; since then the person removed two on the phone.
    const ahead = entry('/ahead', '2027-12-01T00:00:00Z', 5);
    const since = entry('/since', '2026-12-06T00:00:00Z', 3);
    const found = await newestComplete([ahead, since], now);
    expect(found?.entry.path).toBe('/since');
    expect(shrinkAgainst(found!, { bundle: true, keyFiles: 3, didDocuments: 3 })).toBeNull();
  });

  it('is still the copy from the future when it is the only complete one (a smaller copy is never let pass unflagged)', async () => {
    const found = await newestComplete([entry('/ahead', '2027-12-01T00:00:00Z', 5)], now);
    expect(found?.entry.path).toBe('/ahead');
    expect(shrinkAgainst(found!, { bundle: true, keyFiles: 3, didDocuments: 3 })).toMatchObject({ fewer: 2 });
  });
});
