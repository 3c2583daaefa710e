import { opendir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { judgeArchive, verdictReason, type BackupCounts, type VerdictStatus } from './verdict';

/** One line of `idbox verify`: the verdict (./verdict.ts), the same word `idbox inspect` gives. */
export interface VerifyLine {
  path: string;
  ok: boolean;
  status: VerdictStatus;
  reason: string | null;
  bytes: number;
  /** It read back as written (every member matches its manifest), whether or not the backup inside is complete. */
  intact: boolean;
  counts: BackupCounts;
}

export async function verifyOne(path: string): Promise<VerifyLine> {
  const verdict = await judgeArchive(path, { batch: true });
  return { path, ok: verdict.status === 'ok', status: verdict.status, reason: verdictReason(verdict), bytes: verdict.read?.archiveSize ?? 0, intact: verdict.intact, counts: verdict.counts };
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
