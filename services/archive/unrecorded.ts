import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError, toErrorData } from '../../shared/errors';
import { writeJsonAtomic } from '../atomic-json';
import { createLogger } from '../log';
import { validEntry, type CatalogEntry } from './catalog-file';

const log = createLogger('catalog');

/**
 * A verified archive the catalog could not record (its data folder's disk full, its lock
 * unusable) is not lost to the app: a note describing it is written in the data folder's
 * `unrecorded/` folder, or, when even that fails, beside the archive (`.idbox-unrecorded-<name>.json`),
 * and the next start adopts it. The pull says exactly that, never "nothing was changed".
 */
const NOTES_DIR = 'unrecorded';
const NOTE_PREFIX = '.idbox-unrecorded-';
const NOTES_LOOKED_AT = 100;
const NOTE_MAX_BYTES = 64 * 1024;

const noteName = (path: string) => `${createHash('sha256').update(path).digest('hex').slice(0, 32)}.json`;

/** Where the note went: the data folder, beside the archive, or nowhere. */
async function writeNote(dataDir: string, entry: CatalogEntry): Promise<'data' | 'beside' | null> {
  try {
    await writeJsonAtomic(join(dataDir, NOTES_DIR, noteName(entry.path)), entry);
    return 'data';
  } catch {
    try {
      await writeJsonAtomic(join(entry.directory, `${NOTE_PREFIX}${entry.fileName}.json`), entry);
      return 'beside';
    } catch {
      return null;
    }
  }
}

function whyNot(err: unknown): string {
  const { code, path } = (err ?? {}) as NodeJS.ErrnoException;
  if (path?.endsWith('.lock')) return `its lock file ${path} cannot be used (remove it, then start the app again)`;
  if (code === 'ENOSPC' || code === 'EDQUOT') return "the disk holding the app's data folder is full";
  if (code === 'EROFS') return "the app's data folder is on a read-only disk";
  if (code === 'EACCES' || code === 'EPERM') return "the app's data folder refused the change";
  if (err instanceof AppError) return err.message.replace(/[.!]$/, '');
  return "the app's data folder could not be written";
}

/** Reports a verified archive that could not be recorded, exactly as that; leaves a note for the next start. */
export async function reportUnrecorded(dataDir: string, entry: CatalogEntry, err: unknown): Promise<never> {
  const where = await writeNote(dataDir, entry);
  log.warn(`verified archive ${entry.path} not recorded (${toErrorData(err).code}); note: ${where ?? 'none'}`);
  const later =
    where === null
      ? 'the app will find it when it next looks at that folder'
      : where === 'data'
        ? 'the app will add it to the list the next time it starts'
        : 'the app will add it to the list when it next sees that folder';
  throw new AppError(
    'not-recorded',
    `Your archive ${entry.path} was written and verified, but it could not be added to the app's list of archives because ${whyNot(err)}; it is safe where it is, and ${later}.`,
    { archive: entry.path, verified: true },
  );
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** The notes in one folder: the data folder's own, or the ones written beside archives. */
async function notesIn(dir: string, own: boolean): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  return names
    .filter((n) => (own ? n.endsWith('.json') && !n.startsWith('.') : n.startsWith(NOTE_PREFIX) && n.endsWith('.json')))
    .slice(0, NOTES_LOOKED_AT)
    .map((n) => join(dir, n));
}

/**
 * Adopts the archives noted as unrecorded: each one still there, with the size and checksum that
 * were verified, goes into the catalog (through `adopt`); its note is then removed. A note whose
 * archive is gone or changed is removed too (the scrub judges what is there). Returns how many were
 * adopted; never throws.
 */
export async function adoptUnrecorded(dataDir: string, directories: string[], adopt: (entry: CatalogEntry) => Promise<void>): Promise<number> {
  const notes = [...(await notesIn(join(dataDir, NOTES_DIR), true))];
  for (const dir of new Set(directories)) notes.push(...(await notesIn(dir, false)));
  let adopted = 0;
  for (const note of notes) {
    try {
      const info = await stat(note);
      if (!info.isFile() || info.size > NOTE_MAX_BYTES) continue;
      const entry = validEntry(JSON.parse(await readFile(note, 'utf8')) as CatalogEntry);
      if (!entry) {
        log.warn(`${note} does not describe an archive; left alone`);
        continue;
      }
      const archive = await stat(entry.path).catch(() => null);
      if (archive?.isFile() && archive.size === entry.bytes && (await sha256Of(entry.path)) === entry.sha256) {
        await adopt(entry);
        adopted += 1;
      } else log.warn(`the unrecorded archive ${entry.path} is gone or changed; its note is removed`);
      await rm(note, { force: true });
    } catch (err) {
      log.warn(`could not adopt the archive noted in ${note}: ${toErrorData(err).code}`);
    }
  }
  if (adopted) log.info(`adopted ${adopted} verified archive(s) that could not be recorded before`);
  return adopted;
}
