import { join } from 'node:path';
import { z } from 'zod';
import { readJson, writeJsonAtomic } from '../atomic-json';
import { serializedFor } from '../file-lock';
import { AppError } from '../../shared/errors';

/**
 * Whose backups are whose. An archive on a stick belongs to the person's copies only when its
 * backup is one the app remembers, or one the person said is theirs ("This is mine"). Other
 * backups seen on sticks (support staff plug in customers' sticks) are listed apart, and one click
 * forgets one: it is not listed again. Backups are named by their one-way ref, never their id.
 */
const Ref = z.string().regex(/^[0-9a-f]{64}$/);
const ClaimsFile = z.object({ version: z.literal(1), mine: z.array(Ref).max(1000), forgotten: z.array(Ref).max(10_000) });
export type Claims = z.infer<typeof ClaimsFile>;

export function createClaims(dataDir: string) {
  const path = join(dataDir, 'copies-claims.json');
  const serial = serializedFor(path, () => new AppError('write-failed', 'Another program on this computer kept the list of your backups busy for over a minute. Try again.'));
  const load = () => readJson(path, ClaimsFile, { version: 1 as const, mine: [], forgotten: [] });
  const change = (edit: (c: Claims) => void) =>
    serial(async () => {
      const c = await load();
      edit(c);
      await writeJsonAtomic(path, c);
      return c;
    });
  return {
    load,
    /** "This is mine": the backup's copies count as the person's from now on. */
    claim: (ref: string) =>
      change((c) => {
        c.forgotten = c.forgotten.filter((r) => r !== ref);
        if (!c.mine.includes(ref)) c.mine.push(ref);
      }),
    /** "Forget": not listed among the backups seen on sticks again (and not the person's). */
    forget: (ref: string) =>
      change((c) => {
        c.mine = c.mine.filter((r) => r !== ref);
        if (!c.forgotten.includes(ref)) c.forgotten = [...c.forgotten, ref].slice(-10_000);
      }),
  };
}
export type ClaimsStore = ReturnType<typeof createClaims>;
