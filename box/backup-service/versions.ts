import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backupDigest } from '../../shared/backup-digest';
import { VersionsRequest, type BackupVersion } from '../../shared/box-protocol';
import { redactId } from '../../shared/redact';
import { fsyncPath, type createDescriber } from './files';

/**
 * The versions area (formatVersion 2): a replace never deletes the copy it replaces, it moves it to
 * $IDBOX_BACKUP/.versions/<backupId>/<n> (n = 1, 2, 3… in the order replaced), which the
 * identity-service does not list (it reads `$IDBOX_BACKUP/<id>` only; dot-folders are no backup).
 * The last `keep` versions of each id are kept (at least 1, whatever the setting).
 */
export const VERSIONS_DIR = '.versions';
const NUMBER = /^[1-9][0-9]{0,9}$/;
/** Left by a replace of service 1.1 that stopped between its two renames: a committed backup. */
export const OLD_ASIDE_PREFIX = '.replaced-';

export function versionFolder(root: string, backupId: string, version: number): string {
  return join(root, VERSIONS_DIR, backupId, String(version));
}

async function numbers(dir: string): Promise<number[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && NUMBER.test(e.name))
    .map((e) => Number(e.name))
    .sort((a, b) => a - b);
}

/**
 * Moves `folder` (a committed copy of `backupId`) into the versions area, then drops versions
 * beyond the last `keep`. The move is one rename on the same filesystem, fsynced before it returns.
 */
export async function keepAsVersion(root: string, backupId: string, folder: string, keep: number, now: () => number, log: (line: string) => void): Promise<number> {
  const dir = join(root, VERSIONS_DIR, backupId);
  await mkdir(dir, { recursive: true });
  const existing = await numbers(dir);
  const version = (existing.at(-1) ?? 0) + 1;
  await writeFile(join(dir, `${version}.json`), JSON.stringify({ replacedAt: new Date(now()).toISOString() }));
  await rename(folder, join(dir, String(version)));
  await fsyncPath(dir);
  await fsyncPath(root);
  const all = [...existing, version];
  for (const old of all.slice(0, Math.max(0, all.length - Math.max(1, keep)))) {
    await rm(join(dir, String(old)), { recursive: true, force: true });
    await rm(join(dir, `${old}.json`), { force: true });
  }
  log(`${redactId(backupId)}: the replaced copy is kept as version ${version}`);
  return version;
}

/** `backup-versions { backupId }`: the kept copies, oldest first, each with its digest. */
export async function listVersions(root: string, params: unknown, describer: ReturnType<typeof createDescriber>): Promise<{ versions: BackupVersion[] }> {
  const { backupId } = VersionsRequest.parse(params);
  const dir = join(root, VERSIONS_DIR, backupId);
  const versions: BackupVersion[] = [];
  for (const version of await numbers(dir)) {
    const folder = join(dir, String(version));
    const files = await describer.describe(folder);
    const meta = await readFile(join(dir, `${version}.json`), 'utf8').then((t) => JSON.parse(t) as { replacedAt?: unknown }).catch(() => null);
    const replacedAt = typeof meta?.replacedAt === 'string' ? meta.replacedAt.slice(0, 40) : (await stat(folder)).mtime.toISOString();
    const summary = backupDigest(
      files.map(({ path, size, sha256 }) => ({ path, size, sha256 })),
      (bytes) => createHash('sha256').update(bytes).digest('hex'),
    );
    versions.push({ version, replacedAt, files: summary.files, bytes: summary.bytes, digest: summary.digest });
  }
  return { versions };
}

/**
 * At start: a `.replaced-<uploadId>` folder left by service 1.1 (stopped between its two renames)
 * is a committed backup. 1.1 named it by its upload, not its id, so it is moved to
 * .versions/.unclaimed (out of the identity-service's sight, never deleted) for the owner to find.
 */
export async function rescueOldAsides(root: string, now: () => number, log: (line: string) => void): Promise<void> {
  const entries = await readdir(root, { withFileTypes: true }).catch(() => []);
  const asides = entries.filter((e) => e.isDirectory() && e.name.startsWith(OLD_ASIDE_PREFIX));
  if (!asides.length) return;
  const lost = join(root, VERSIONS_DIR, '.unclaimed');
  for (const aside of asides) {
    await mkdir(lost, { recursive: true });
    await rename(join(root, aside.name), join(lost, `${aside.name.slice(OLD_ASIDE_PREFIX.length)}-${now()}`));
    log(`a copy left aside by an interrupted replace was kept in ${VERSIONS_DIR}/.unclaimed (never deleted)`);
  }
}
