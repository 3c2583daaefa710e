import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../shared/errors';
import { appRoot } from '../paths';

/**
 * The backup-service package box owners install (box/README.md): shipped beside the desktop app
 * (electron-builder extraResources `box-service/`), or, from a source checkout, the tarball that
 * `npm run pack:box-service` writes to dist-box/ (made on first request when missing).
 */
export interface ServicePackageFile {
  path: string;
  fileName: string;
  version: string;
  bytes: number;
  sha256: string;
}

const TARBALL = /^identity-box-companion-backup-service-(\d+\.\d+\.\d+)\.tgz$/;

async function newestIn(dir: string): Promise<string | null> {
  const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => TARBALL.test(n));
  const version = (n: string) => TARBALL.exec(n)![1]!.split('.').map(Number);
  names.sort((a, b) => {
    const [x, y] = [version(a), version(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  });
  return names.length ? join(dir, names.at(-1)!) : null;
}

async function describeFile(path: string): Promise<ServicePackageFile> {
  const data = await readFile(path);
  return { path, fileName: basename(path), version: TARBALL.exec(basename(path))![1]!, bytes: data.length, sha256: createHash('sha256').update(data).digest('hex') };
}

let making: Promise<string> | null = null;

export async function findServicePackage(): Promise<ServicePackageFile> {
  const resources = (process as { resourcesPath?: string }).resourcesPath;
  const shipped = resources ? await newestIn(join(resources, 'box-service')) : null;
  if (shipped) return describeFile(shipped);
  const root = appRoot();
  const wanted = root ? (JSON.parse(await readFile(join(root, 'box', 'backup-service', 'package.json'), 'utf8').catch(() => '{}')) as { version?: string }).version : undefined;
  if (root && wanted) {
    const built = join(root, 'dist-box', `identity-box-companion-backup-service-${wanted}.tgz`);
    if (existsSync(built)) return describeFile(built);
    const script = join(root, 'scripts', 'pack-box-service.mjs');
    if (existsSync(script)) {
      making ??= new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [script], { cwd: root, timeout: 120_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout.trim().split('\n').at(-1)!))),
      ).finally(() => (making = null));
      const made = await making.catch(() => null);
      if (made && existsSync(made)) return describeFile(made);
    }
  }
  throw new AppError('not-found', 'The box service package is not part of this copy of the app. Download the Companion again, or build it with "npm run pack:box-service".');
}

/** Copies the package to where the owner chose (the desktop app's save dialog). */
export async function saveServicePackage(to: string): Promise<string> {
  const found = await findServicePackage();
  await copyFile(found.path, to);
  return to;
}
