import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { z } from 'zod';
import { createLogger } from './log';

const log = createLogger('store');

/** Writes JSON atomically: temp file, fsync, rename, fsync the folder. */
export async function writeJsonAtomic(path: string, value: unknown, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'w', mode);
  try {
    await handle.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
  await fsyncDir(dirname(path));
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

/** Reads a versioned JSON file; a missing file gives the fallback, an invalid one is kept aside and gives the fallback. */
export async function readJson<S extends z.ZodType>(path: string, schema: S, fallback: z.output<S>): Promise<z.output<S>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return fallback;
  }
  try {
    const parsed = schema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    /* fall through */
  }
  const aside = `${path}.invalid-${Date.now()}`;
  log.warn(`${path} was not valid; kept it as ${aside} and started fresh`);
  await rename(path, aside).catch(() => undefined);
  return fallback;
}
