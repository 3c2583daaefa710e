import { execFile } from 'node:child_process';
import { open, readFile, readdir, realpath, stat } from 'node:fs/promises';
import { basename, dirname, parse as parsePath } from 'node:path';
import { promisify } from 'node:util';
import { createLogger } from '../log';
import {
  diskutilIdentity,
  mountFor,
  parseBlkidExport,
  parseLsblkDevice,
  parseMountinfo,
  parseWindowsVolume,
  superblockIdentity,
  SUPERBLOCK_BYTES,
  type MountEntry,
} from './identity-parse';

const run = promisify(execFile);
const log = createLogger('volume-id');

/**
 * What a path is stored on: the volume (filesystem) and the physical disk under it. Every writer
 * records this when it writes, and every reader compares it, so a stick mounted at another path is
 * still the same place, and a folder whose disk is not mounted is not mistaken for it.
 */
export interface VolumeIdentity {
  /** The filesystem's UUID (Linux), volume UUID (macOS) or serial (Windows); else its device; else the mount's numbers. */
  id: string;
  /** The id is only a device or mount name (no UUID or serial could be read): another volume may take it later. */
  deviceOnly: boolean;
  /** The filesystem's own label (KINGSTON), when it has one. */
  label: string | null;
  /** Where it is mounted now. */
  mountPoint: string;
  /** The physical disk: a partition's parent disk, a loop image's backing disk, an APFS volume's physical store. */
  disk: { id: string; label: string | null };
}

/** Commands and files are bounded: a hung tool or a huge file never holds a caller. */
async function output(cmd: string, args: string[]): Promise<string | null> {
  try {
    const { stdout } = await run(cmd, args, { timeout: 5_000, maxBuffer: 1024 * 1024, windowsHide: true });
    return stdout;
  } catch {
    return null;
  }
}
async function readSmall(path: string, max = 4 * 1024 * 1024): Promise<string | null> {
  const fh = await open(path, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const buf = Buffer.alloc(max);
    const { bytesRead } = await fh.read(buf, 0, max, 0);
    return buf.subarray(0, bytesRead).toString('utf8');
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}
const sysText = async (path: string) => (await readFile(path, 'utf8').catch(() => '')).replace(/\0/g, '').trim() || null;

/** The nearest folder at or above `path` that exists, resolved (a folder of an unmounted disk leads to its mount point's parent). */
async function existingReal(path: string): Promise<string | null> {
  let p = path;
  for (let i = 0; i < 64; i++) {
    const real = await realpath(p).catch(() => null);
    if (real) return real;
    const up = dirname(p);
    if (up === p) return null;
    p = up;
  }
  return null;
}

async function superblockOf(device: string) {
  const fh = await open(device, 'r').catch(() => null);
  if (!fh) return null;
  try {
    const buf = Buffer.alloc(SUPERBLOCK_BYTES);
    const { bytesRead } = await fh.read(buf, 0, SUPERBLOCK_BYTES, 0);
    return superblockIdentity(buf.subarray(0, bytesRead));
  } catch {
    return null;
  } finally {
    await fh.close();
  }
}

/**
 * A block device's filesystem UUID and label: lsblk (udev's answer), else blkid (probes the device
 * itself), else its superblock read here. Where udev is absent (containers, build machines) lsblk
 * knows no UUID at all.
 */
async function linuxFsIdentity(device: string): Promise<{ uuid: string | null; label: string | null }> {
  const fromLsblk = await output('lsblk', ['--json', '--nodeps', '-o', 'PATH,UUID,LABEL,PKNAME', device]);
  const lsblk = fromLsblk ? (() => { try { return parseLsblkDevice(fromLsblk); } catch { return null; } })() : null;
  if (lsblk?.uuid) return lsblk;
  const blkid = await output('blkid', ['-o', 'export', device]).then((t) => (t ? parseBlkidExport(t) : null));
  if (blkid?.uuid) return blkid;
  const sb = await superblockOf(device);
  return { uuid: sb?.uuid ?? null, label: sb?.label ?? lsblk?.label ?? null };
}

export interface LinuxCtx {
  /** Where sysfs is (tests give a made-up tree). */
  sys: string;
  mounts: MountEntry[];
  fs: Map<string, Promise<{ uuid: string | null; label: string | null }>>;
  disks: Map<string, Promise<VolumeIdentity['disk']>>;
}

/** The physical disk under a block device, through partitions, device-mapper and loop images (bounded depth). */
export async function linuxDisk(name: string, ctx: LinuxCtx, depth = 0): Promise<VolumeIdentity['disk']> {
  const sys = `${ctx.sys}/class/block/${name}`;
  if (depth < 6) {
    if (await stat(`${sys}/partition`).then(() => true, () => false)) {
      const parent = basename(dirname(await realpath(sys).catch(() => sys)));
      if (parent && parent !== 'block') return linuxDisk(parent, ctx, depth + 1);
    }
    const slaves = await readdir(`${sys}/slaves`).catch(() => [] as string[]);
    if (slaves.length) return linuxDisk(slaves.sort()[0]!, ctx, depth + 1);
    const backing = name.startsWith('loop') ? await sysText(`${sys}/loop/backing_file`) : null;
    if (backing) {
      const under = await linuxIdentity(backing.replace(/ \(deleted\)$/, ''), ctx, depth + 1);
      if (under) return under.disk;
    }
  }
  const wwid = (await sysText(`${sys}/wwid`)) ?? (await sysText(`${sys}/device/wwid`)) ?? (await sysText(`${sys}/device/serial`));
  const model = await sysText(`${sys}/device/model`);
  return { id: `disk:${wwid ?? name}`, label: model };
}

async function linuxIdentity(path: string, ctx: LinuxCtx, depth = 0): Promise<VolumeIdentity | null> {
  const real = await existingReal(path);
  if (!real) return null;
  const mount = mountFor(real, ctx.mounts);
  if (!mount) return null;
  if (!mount.source.startsWith('/dev/')) {
    // tmpfs, overlay, a network share: no device to name, so the mount itself is the place.
    const id = `fs:${mount.devno}`;
    return { id, deviceOnly: true, label: null, mountPoint: mount.mountPoint, disk: { id, label: null } };
  }
  const device = await realpath(mount.source).catch(() => mount.source);
  let fsId = ctx.fs.get(device);
  if (!fsId) ctx.fs.set(device, (fsId = linuxFsIdentity(device)));
  const fs = await fsId;
  const name = basename(device);
  let disk = ctx.disks.get(name);
  if (!disk) ctx.disks.set(name, (disk = linuxDisk(name, ctx, depth)));
  return { id: fs.uuid ?? device, deviceOnly: !fs.uuid, label: fs.label, mountPoint: mount.mountPoint, disk: await disk };
}

async function macIdentity(path: string): Promise<VolumeIdentity | null> {
  const real = await existingReal(path);
  if (!real) return null;
  // The device of the filesystem holding the path (BSD stat), then diskutil's answer about it.
  const device = (await output('stat', ['-f', '%Sd', real]))?.trim() ?? '';
  const xml = await output('diskutil', ['info', '-plist', /^disk\d+(s\d+)*$/.test(device) ? device : real]);
  if (!xml) return null;
  const plist = await import('plist');
  const v = diskutilIdentity(plist.parse(xml));
  if (!v || !v.mountPoint) return null;
  return { id: v.uuid ?? v.disk, deviceOnly: !v.uuid, label: v.label, mountPoint: v.mountPoint, disk: { id: `disk:${v.disk}`, label: v.diskLabel } };
}

async function windowsIdentity(path: string): Promise<VolumeIdentity | null> {
  const drive = parsePath(path).root.replace(/\\$/, '');
  if (!/^[A-Za-z]:$/.test(drive)) return null;
  const letter = drive[0]!;
  const script =
    `$d=Get-CimInstance Win32_LogicalDisk -Filter "DeviceID='${letter}:'"; $p=Get-Partition -DriveLetter ${letter} -ErrorAction SilentlyContinue; ` +
    `$k=if($p){Get-Disk -Number $p.DiskNumber -ErrorAction SilentlyContinue}; ` +
    `[pscustomobject]@{DeviceID=$d.DeviceID;VolumeName=$d.VolumeName;VolumeSerialNumber=$d.VolumeSerialNumber;DiskNumber=$p.DiskNumber;DiskName=$k.FriendlyName} | ConvertTo-Json`;
  const json = await output('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', script]);
  const v = json ? (() => { try { return parseWindowsVolume(json); } catch { return null; } })() : null;
  if (!v) return null;
  return { id: v.uuid ?? v.mountPoint, deviceOnly: !v.uuid, label: v.label, mountPoint: v.mountPoint, disk: { id: `disk:${v.disk}`, label: v.diskLabel } };
}

/**
 * Identifies the volumes of many paths at once (one read of the mount table; each device and disk
 * asked once). Never throws: a path that cannot be placed gives null.
 */
export function volumeIdentities() {
  let linux: Promise<LinuxCtx> | null = null;
  const cache = new Map<string, Promise<VolumeIdentity | null>>();
  const ctx = () =>
    (linux ??= readSmall('/proc/self/mountinfo').then((text) => ({ sys: '/sys', mounts: parseMountinfo(text ?? ''), fs: new Map(), disks: new Map() })));
  async function identify(path: string): Promise<VolumeIdentity | null> {
    try {
      if (process.platform === 'linux') return await linuxIdentity(path, await ctx());
      if (process.platform === 'darwin') return await macIdentity(path);
      if (process.platform === 'win32') return await windowsIdentity(path);
    } catch (err) {
      log.warn(`could not tell which volume holds a folder: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
    }
    return null;
  }
  return {
    of(path: string): Promise<VolumeIdentity | null> {
      let found = cache.get(path);
      if (!found) cache.set(path, (found = identify(path)));
      return found;
    },
    /** Whether `path` is itself a mount point (a test-hook stick that is a real volume). */
    async isMountPoint(path: string): Promise<boolean> {
      if (process.platform !== 'linux') return false;
      const real = await realpath(path).catch(() => null);
      return real !== null && (await ctx()).mounts.some((m) => m.mountPoint === real);
    },
  };
}

/** The identity of one path's volume (a fresh look: the mount table is read anew). */
export const identifyVolume = (path: string) => volumeIdentities().of(path);

