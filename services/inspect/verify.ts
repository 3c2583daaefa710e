import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors';
import { compareWithManifest, readArchive, type Difference } from '../archive/format';

/** One line of `idbox verify`: fast integrity only (structure + every checksum), no content checks. */
export interface VerifyLine {
  path: string;
  ok: boolean;
  reason: string | null;
  bytes: number;
}

/** A difference as support staff read it: what is wrong with which file, in a sentence (the CLI line, the catalog). */
export function differenceSentence(d: Difference, more: number): string {
  const first =
    d.problem === 'missing'
      ? `The archive is missing ${d.path}.`
      : d.problem === 'extra'
        ? `The archive contains ${d.path}, which its manifest does not list.`
        : `The file ${d.path} is damaged (its ${d.problem === 'size' ? 'size' : 'checksum'} does not match the manifest).`;
  return more > 0 ? `${first} ${more === 1 ? '1 more file has' : `${more} more files have`} a problem too.` : first;
}

export async function verifyOne(path: string): Promise<VerifyLine> {
  try {
    const read = await readArchive(path, { batch: true });
    const diffs = compareWithManifest(read.manifest, read.members);
    if (diffs.length) return { path, ok: false, reason: differenceSentence(diffs[0]!, diffs.length - 1), bytes: read.archiveSize };
    return { path, ok: true, reason: null, bytes: read.archiveSize };
  } catch (err) {
    return { path, ok: false, reason: err instanceof AppError ? err.message : 'unreadable', bytes: 0 };
  }
}

/** Archive paths under the given paths, walked lazily (memory stays flat however many). */
export async function* archivePaths(paths: string[], recursive: boolean): AsyncGenerator<string> {
  for (const p of paths) {
    const info = await stat(p).catch(() => null);
    if (!info) {
      yield p; // reported as unreadable by verifyOne
      continue;
    }
    if (!info.isDirectory()) {
      yield p; // a file, or something that is not one: verifyOne says which
      continue;
    }
    const stack = [p];
    while (stack.length) {
      const dir = stack.pop()!;
      const handle = await opendir(dir).catch(() => null);
      if (!handle) continue;
      for await (const entry of handle) {
        const full = join(dir, entry.name);
        if (entry.isFile() && entry.name.endsWith('.idbox')) yield full;
        else if (entry.isDirectory() && recursive) stack.push(full);
      }
    }
  }
}

/** Verifies many archives with bounded concurrency; results arrive in completion order. */
export async function* verifyMany(paths: AsyncIterable<string>, concurrency = 8): AsyncGenerator<VerifyLine> {
  const running = new Set<Promise<VerifyLine>>();
  const done: VerifyLine[] = [];
  const iterator = paths[Symbol.asyncIterator]();
  let exhausted = false;
  const start = (path: string) => {
    const p = verifyOne(path).then((line) => {
      running.delete(p);
      done.push(line);
      return line;
    });
    running.add(p);
  };
  while (!exhausted || running.size || done.length) {
    while (!exhausted && running.size < concurrency) {
      const next = await iterator.next();
      if (next.done) exhausted = true;
      else start(next.value);
    }
    if (!done.length && running.size) await Promise.race(running);
    while (done.length) yield done.shift()!;
  }
}
