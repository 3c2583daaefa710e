import { constants } from 'node:fs';
import { access, mkdir, stat, statfs } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, resolve, sep } from 'node:path';
import type { FolderCheck } from '../../shared/contract/folders';
import { AppError } from '../../shared/errors';
import { typedPath } from '../../shared/typed-path';

/**
 * The one path rule of every path field, on this computer: `~` is the home folder, a relative path
 * is refused with a sentence (it would land in whatever folder the app was started from), and a
 * folder is looked at at once: missing (and can be made), a file, part of the system rather than a
 * disk (/proc, /sys, /dev), or not ours to write in.
 */

/** Linux statfs magic numbers of filesystems that only show the kernel's workings. */
const PSEUDO_FS = new Set([
  0x9fa0, // proc
  0x62656572, // sysfs
  0x1cd1, // devpts
  0x64626720, // debugfs
  0x73636673, // securityfs
  0x27e0eb, // cgroup
  0x63677270, // cgroup2
  0x74726163, // tracefs
  0xcafe4a11, // bpf
  0x6165676c, // pstore
  0x62656570, // configfs
  0x65735543, // fusectl
  0x19800202, // mqueue
  0x42494e4d, // binfmt_misc
  0x6e736673, // nsfs
  0xde5e81e4, // efivarfs
]);
/** devtmpfs shares tmpfs's number, so /dev is known by its place. */
const SYSTEM_TREES = process.platform === 'win32' ? [] : ['/proc', '/sys', '/dev'];

const within = (path: string, root: string) => path === root || path.startsWith(root + sep);

/** The full path a person meant, or AppError('path-invalid') with the sentence that says why not. */
export function absoluteTypedPath(text: string, example?: string): string {
  const t = typedPath(text, { home: homedir(), platform: process.platform }, example);
  if (!t.ok) throw new AppError('path-invalid', t.sentence);
  return resolve(t.path);
}

async function isSystemPlace(path: string): Promise<boolean> {
  if (SYSTEM_TREES.some((root) => within(path, root))) return true;
  const fs = await statfs(path).catch(() => null);
  return fs !== null && (PSEUDO_FS.has(Number(fs.type)) || Number(fs.blocks) === 0);
}

async function nearestExisting(path: string): Promise<string> {
  let p = path;
  for (let i = 0; i < 256; i++) {
    if (await stat(p).then(() => true, () => false)) return p;
    const up = dirname(p);
    if (up === p) return p;
    p = up;
  }
  return p;
}

const writable = (path: string) => access(path, constants.W_OK).then(() => true, () => false);

const notADisk = (path: string) =>
  `"${path}" is not a place on a disk: the system shows its own workings there, and nothing can be kept in it. Choose a folder in your home folder or on a stick.`;

export async function checkFolder(text: string): Promise<FolderCheck> {
  const t = typedPath(text, { home: homedir(), platform: process.platform });
  if (!t.ok) return { path: text.trim(), state: 'not-a-full-path', sentence: t.sentence, canCreate: false };
  const path = resolve(t.path);
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' || err.code === 'ENOTDIR' ? null : err));
  if (info === null) {
    const parent = await nearestExisting(path);
    const parentInfo = await stat(parent).catch(() => null);
    if (await isSystemPlace(parent)) return { path, state: 'not-a-disk', sentence: notADisk(path), canCreate: false };
    const canCreate = parentInfo?.isDirectory() === true && (await writable(parent));
    const sentence = canCreate
      ? `There is no folder "${path}" yet. The app can create it for you.`
      : `There is no folder "${path}", and the app cannot create one there. Check the path, or choose another folder.`;
    return { path, state: 'missing', sentence, canCreate };
  }
  if (info instanceof Error) return { path, state: 'not-writable', sentence: `The app may not look into "${path}". Choose a folder of your own, for example in your home folder.`, canCreate: false };
  if (!info.isDirectory()) return { path, state: 'not-a-folder', sentence: `"${path}" is a file, not a folder. Choose the folder the archive should go into.`, canCreate: false };
  if (await isSystemPlace(path)) return { path, state: 'not-a-disk', sentence: notADisk(path), canCreate: false };
  if (!(await writable(path))) return { path, state: 'not-writable', sentence: `The app may not write in "${path}". Choose a folder of your own, for example in your home folder.`, canCreate: false };
  return { path, state: 'ready', sentence: null, canCreate: false };
}

/** Makes the folder that checkFolder offered to create; anything else is refused with its sentence. */
export async function createFolder(text: string): Promise<FolderCheck> {
  const before = await checkFolder(text);
  if (before.state !== 'missing' || !before.canCreate) return before;
  await mkdir(before.path, { recursive: true }).catch(() => {
    throw new AppError('write-failed', `The folder "${before.path}" could not be created. Choose another folder.`);
  });
  return checkFolder(before.path);
}
