import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Which browser host runs on a data folder: a small file in that folder (its process id, its link
 * and the name of its run), written once the host listens and removed when it stops. A second
 * `npm start` on the same folder finds it and prints the running one's link instead of starting a
 * second server on the same catalog and settings. A file left by a host that did not stop cleanly
 * is ignored: its process is gone, or its address no longer answers with its run's name.
 */
export interface RunningRecord {
  pid: number;
  /** The address to open, with the run's token (the file is readable by this user only). */
  openUrl: string;
  /** The run's name, as the host answers it at /api/instance. */
  instance: string;
}

const FILE = 'browser-host.json';
const MAX_BYTES = 4096;

export const runningFile = (dataDir: string) => join(dataDir, FILE);

function readRecord(dataDir: string): RunningRecord | null {
  let fd: number;
  try {
    fd = openSync(runningFile(dataDir), 'r');
  } catch {
    return null;
  }
  try {
    const buf = Buffer.alloc(MAX_BYTES + 1);
    const n = readSync(fd, buf, 0, buf.length, 0);
    if (n > MAX_BYTES) return null;
    const data = JSON.parse(buf.subarray(0, n).toString('utf8')) as Partial<RunningRecord>;
    if (!Number.isInteger(data.pid) || (data.pid as number) <= 0 || typeof data.openUrl !== 'string' || typeof data.instance !== 'string') return null;
    const url = new URL(data.openUrl);
    if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1') return null;
    return { pid: data.pid as number, openUrl: data.openUrl, instance: data.instance };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

/** Whether our host may still run as this process: alive, and this user's (EPERM: another user's, so a reused id, never our host). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    // A process of another user could answer on the old port with the old run's name (no token
    // needed for that): sending the person there would hand a stranger's page their attention.
    return false;
  }
}

/** The host already running on this data folder, or null (none, or a file it left behind). */
export async function findRunning(dataDir: string, timeoutMs = 3000): Promise<RunningRecord | null> {
  const record = readRecord(dataDir);
  if (!record || record.pid === process.pid || !alive(record.pid)) return null;
  try {
    const res = await fetch(new URL('/api/instance', record.openUrl), { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return null;
    const body = (await res.json()) as { instance?: unknown };
    return body.instance === record.instance ? record : null;
  } catch {
    return null;
  }
}

/** Records this host as the one running on the data folder (replacing a stale record). */
export function recordRunning(dataDir: string, record: RunningRecord): void {
  const file = runningFile(dataDir);
  const temp = `${file}.${process.pid}.tmp`;
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  writeFileSync(temp, `${JSON.stringify(record)}\n`, { mode: 0o600 });
  renameSync(temp, file);
}

/** Removes the record, if it is still this process's (a later host may have replaced it). */
export function forgetRunning(dataDir: string, pid = process.pid): void {
  if (readRecord(dataDir)?.pid === pid) rmSync(runningFile(dataDir), { force: true });
}

/** What a second start says, in place of starting: the running one's link, and how to stop it. */
export function alreadyRunningText(openUrl: string): string {
  return `Identity Box Companion is already running with this data folder, so no second one was started. Open its link in your browser:\n\n  ${openUrl}\n\nTo stop it, press Ctrl+C in the window where it was started.`;
}
