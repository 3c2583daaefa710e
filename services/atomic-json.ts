import { randomBytes } from 'node:crypto';
import { appendFile, mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { createLogger } from './log';

const log = createLogger('store');

/**
 * Writes JSON atomically: temp file, fsync, rename, fsync the folder. Whatever fails (a full disk
 * while writing, the sync, the rename), the temp file is removed: a failed write leaves the folder
 * as it was.
 */
export async function writeJsonAtomic(path: string, value: unknown, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  const text = `${JSON.stringify(value, null, 2)}\n`;
  try {
    const handle = await open(temp, 'wx', mode);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await fsyncDir(dirname(path));
}

/** Records kept beside a data file because they did not validate: one JSON line each, never more than this file size. */
const ASIDE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Sets records aside that a data file's reader cannot use (`<file>.set-aside.jsonl`, mode 0600),
 * so one bad record costs only itself: the rest of the file stays in use. Each is logged. Never
 * throws: a record that cannot be kept is at least named in the log.
 */
export async function keepAside(path: string, records: { reason: string; record: unknown }[]): Promise<void> {
  if (!records.length) return;
  const aside = `${path}.set-aside.jsonl`;
  const at = new Date().toISOString();
  for (const r of records) log.warn(`${path}: a record was not valid (${r.reason}); kept it in ${aside}`);
  const size = await stat(aside).then((s) => s.size, () => 0);
  const lines = records.map((r) => `${JSON.stringify({ at, reason: r.reason, record: r.record })}\n`).join('');
  if (size + lines.length > ASIDE_MAX_BYTES) return log.warn(`${aside} is full; these records were not kept`);
  await appendFile(aside, lines, { mode: 0o600 }).catch(() => log.warn(`could not write ${aside}; these records were not kept`));
}

export async function fsyncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some platforms (Windows) cannot open or sync a folder; the rename is still done.
  }
}

/** A JSON file's value; 'missing' when there is no file (or it cannot be read), 'unreadable' when it is not JSON. */
export async function readJsonValue(path: string): Promise<{ value: unknown } | 'missing' | 'unreadable'> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return 'missing';
  }
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    return 'unreadable';
  }
}

/** A whole file its reader cannot use at all (not JSON, an unknown version) is kept aside, renamed. */
export async function setFileAside(path: string): Promise<void> {
  const aside = `${path}.invalid-${Date.now()}`;
  log.warn(`${path} was not valid; kept it as ${aside} and started fresh`);
  await rename(path, aside).catch(() => undefined);
}

/** Reads a versioned JSON file; a missing file gives the fallback, an invalid one is kept aside and gives the fallback. */
export async function readJson<S extends z.ZodType>(path: string, schema: S, fallback: z.output<S>): Promise<z.output<S>> {
  const read = await readJsonValue(path);
  if (read === 'missing') return fallback;
  if (read !== 'unreadable') {
    const parsed = schema.safeParse(read.value);
    if (parsed.success) return parsed.data;
  }
  await setFileAside(path);
  return fallback;
}
