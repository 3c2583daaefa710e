import { lstat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { AppError } from '../../shared/errors';
import { shortenIds } from '../../shared/redact';

/**
 * A path that is not there is a typing mistake (or a stick not plugged in), not a damaged archive:
 * one sentence and the next step, exit 2, before any work, instead of a report about nothing.
 */
export async function requireExisting(paths: string[]): Promise<string[]> {
  const full = paths.map((p) => resolve(p));
  const missing: string[] = [];
  for (const p of full) if (!(await lstat(p).catch(() => null))) missing.push(p);
  if (missing.length === 0) return full;
  // Paths are named with any backup id in them shortened, as in every report.
  const first = shortenIds(missing[0]!);
  const named = missing.length === 1 ? `"${first}"` : `${missing.length} of the paths ("${first}", …)`;
  throw new AppError('invalid-request', `There is no file or folder at ${named}. Check the path (is the stick plugged in?) and try again.`);
}
