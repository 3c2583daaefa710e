import { lstatSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { judgeArchive, verdictReason, type BackupCounts, type VerdictStatus } from './verdict';
import type { WalkEntry } from './walk';

export { archiveEntries, archivePaths } from './walk';

/** One line of `idbox verify`: the verdict (./verdict.ts), the same word `idbox inspect` gives. */
export interface VerifyLine {
  path: string;
  ok: boolean;
  status: VerdictStatus;
  reason: string | null;
  /** The file's size, read or not (null only when not even its size can be read: it went away). */
  bytes: number | null;
  /** It read back as written (every member matches its manifest), whether or not the backup inside is complete. */
  intact: boolean;
  counts: BackupCounts;
}

function sizeOf(path: string): number | null {
  try {
    return statSync(path).size;
  } catch {
    try {
      return lstatSync(path).size; // a link that leads nowhere (or to itself): the link's own size
    } catch {
      return null;
    }
  }
}

/** `listedAsFile`: a folder listing just called it a regular file (see readArchive). */
export async function verifyOne(path: string, listedAsFile = false): Promise<VerifyLine> {
  const verdict = await judgeArchive(path, { batch: true, listedAsFile });
  return { path, ok: verdict.status === 'ok', status: verdict.status, reason: verdictReason(verdict), bytes: verdict.read?.archiveSize ?? sizeOf(path), intact: verdict.intact, counts: verdict.counts };
}

/**
 * Batch verification on every core: worker threads each run verifyOne (the same verdict, the same
 * code) on batches of paths, and this thread checks archives too between handing out batches and
 * printing. The lines come back in the order of `paths` (the walk's path order), each run of
 * finished lines as soon as every earlier one is done, so 20,000 archives stream instead of
 * waiting for the end; memory holds only the batches in flight.
 */
const WORKER_MARK = 'idbox-verify-worker';
/** The module's own file, when it can run as a worker: built JavaScript (from TypeScript sources, tests verify in this thread). */
const here = fileURLToPath(import.meta.url);
const workerFile = here.endsWith('.js') || here.endsWith('.mjs') ? here : null;

if (!isMainThread && (workerData as { mark?: string } | null)?.mark === WORKER_MARK && parentPort) {
  const port = parentPort;
  port.on('message', (msg: { id: number; entries: WalkEntry[] }) => {
    void (async () => {
      const lines: VerifyLine[] = [];
      for (const e of msg.entries) lines.push(await verifyOne(e.path, e.listedAsFile));
      port.postMessage({ id: msg.id, lines });
    })();
  });
}

/** Threads that check archives at once, this one included: one per core by default. */
export const defaultThreads = () => availableParallelism();

interface Batch {
  id: number;
  first: number;
  entries: WalkEntry[];
}

interface Helper {
  worker: Worker;
  inFlight: Map<number, Batch>;
  alive: boolean;
  /** It has answered once (it is running): until then it gets small batches, which this thread may overtake. */
  answered: boolean;
}

/** How many threads checked the archives (this one and its helpers), for the summary. */
export interface VerifyStats {
  threads: number;
}

/** How many archives must be waiting before helper threads are started. */
export const HELPERS_FROM = 3000;

/**
 * `threads`: this one and its helpers; `helpersFrom`: how many archives must be waiting before the
 * helpers start (0 when the person asked for threads with --jobs).
 */
export async function* verifyMany(paths: AsyncIterable<WalkEntry>, threads = defaultThreads(), stats: VerifyStats = { threads: 1 }, helpersFrom = HELPERS_FROM): AsyncGenerator<VerifyLine[]> {
  const source = paths[Symbol.asyncIterator]();
  /** Paths read from the walk but not yet taken (the look-ahead that decides on helpers). */
  const ahead: WalkEntry[] = [];
  let walked = false;
  const readAhead = async (n: number) => {
    while (!walked && ahead.length < n) {
      const next = await source.next();
      if (next.done) walked = true;
      else ahead.push(next.value);
    }
  };
  let exhausted = false;
  let taken = 0;
  let batchId = 0;
  const retry: Batch[] = [];
  const take = async (n: number): Promise<Batch | null> => {
    if (retry.length) return retry.shift()!;
    await readAhead(n);
    const batch: Batch = { id: batchId++, first: taken, entries: ahead.splice(0, n) };
    exhausted = walked && ahead.length === 0;
    taken += batch.entries.length;
    return batch.entries.length ? batch : null;
  };

  const done = new Map<number, VerifyLine>();
  let printed = 0;
  let wake: (() => void) | null = null;
  const helpers: Helper[] = [];
  const spawnHelpers = () => {
    for (let i = 0; i < Math.max(0, Math.min(threads, 64) - 1); i++) {
      const helper: Helper = { worker: new Worker(workerFile!, { workerData: { mark: WORKER_MARK }, resourceLimits: { maxYoungGenerationSizeMb: 8 } }), inFlight: new Map(), alive: true, answered: false };
      helper.worker.on('message', (msg: { id: number; lines: VerifyLine[] }) => {
        const batch = helper.inFlight.get(msg.id);
        if (!batch) return;
        helper.answered = true;
        helper.inFlight.delete(msg.id);
        msg.lines.forEach((line, k) => done.set(batch.first + k, line));
        wake?.();
      });
      // A helper that fails leaves nothing unchecked: its batches are checked again here.
      const lost = () => {
        if (!helper.alive) return;
        helper.alive = false;
        retry.push(...helper.inFlight.values());
        helper.inFlight.clear();
        wake?.();
      };
      helper.worker.on('error', lost);
      helper.worker.on('exit', lost);
      helpers.push(helper);
    }
  };
  // Helpers only for more archives than one thread checks sooner alone (a helper costs ~30 ms to start, then warms up).
  let spawned = !workerFile || threads < 2;

  try {
    for (;;) {
      if (!spawned) {
        // Measured on 2 cores: a helper pays for its start and its own warm-up from about 3,000
        // archives on (at 2,000 one thread finishes first; at 8,000 two take 0.7 of its time).
        await readAhead(Math.max(helpersFrom, 1));
        if (ahead.length >= helpersFrom && !(walked && ahead.length === 0)) {
          spawnHelpers();
          stats.threads = 1 + helpers.length;
        }
        spawned = true;
      }
      // Keep every helper two batches ahead, so it never waits for this thread.
      for (const h of helpers) {
        while (h.alive && h.inFlight.size < 2) {
          const batch = await take(h.answered ? 64 : 16);
          if (!batch) break;
          h.inFlight.set(batch.id, batch);
          h.worker.postMessage({ id: batch.id, entries: batch.entries });
        }
      }
      // This thread checks a few archives itself, then lets the helpers' answers in.
      const own = await take(helpers.some((h) => h.alive) ? 8 : 32);
      if (own) for (let k = 0; k < own.entries.length; k++) done.set(own.first + k, await verifyOne(own.entries[k]!.path, own.entries[k]!.listedAsFile));
      const ready: VerifyLine[] = [];
      while (done.has(printed)) {
        ready.push(done.get(printed)!);
        done.delete(printed++);
      }
      if (ready.length) yield ready;
      if (exhausted && !retry.length && printed === taken) return;
      if (own && helpers.length) await new Promise<void>((resolve) => setImmediate(resolve));
      else if (!own) {
        // Nothing left to take: wait for a helper's answer (or its loss).
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (done.has(printed) || retry.length) resolve();
        });
        wake = null;
      }
    }
  } finally {
    for (const h of helpers) {
      h.alive = false;
      void h.worker.terminate();
    }
  }
}
