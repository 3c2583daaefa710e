import { z } from 'zod';
import { DiskutilInfo } from './diskutil-schema';

/**
 * Pure parsers behind volume identity (./identity.ts runs the commands): which filesystem holds a
 * path, its UUID or serial, and the physical disk under it, from each OS's own answer.
 */

export interface MountEntry {
  /** major:minor of the filesystem as the kernel lists it. */
  devno: string;
  mountPoint: string;
  fstype: string;
  /** The device (/dev/sdb1) or a pseudo source (tmpfs, overlay). */
  source: string;
}

/** `\040` and friends in /proc/self/mountinfo are octal escapes for space, tab, newline, backslash. */
const unescape = (s: string) => s.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));

/** Lines of /proc/self/mountinfo (bounded by the caller's read). Malformed lines are skipped. */
export function parseMountinfo(text: string): MountEntry[] {
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    const dash = line.indexOf(' - ');
    if (dash < 0) continue;
    const left = line.slice(0, dash).split(' ');
    const right = line.slice(dash + 3).split(' ');
    if (left.length < 5 || right.length < 2 || !/^\d+:\d+$/.test(left[2]!)) continue;
    out.push({ devno: left[2]!, mountPoint: unescape(left[4]!), fstype: right[0]!, source: unescape(right[1]!) });
  }
  return out;
}

/** The mount that holds `path` (an absolute, resolved path): the longest mount point above it; the last one mounted wins a tie. */
export function mountFor(path: string, mounts: MountEntry[]): MountEntry | null {
  let best: MountEntry | null = null;
  for (const m of mounts) {
    const mp = m.mountPoint;
    const inside = mp === '/' || path === mp || path.startsWith(mp.endsWith('/') ? mp : `${mp}/`);
    if (inside && (!best || mp.length >= best.mountPoint.length)) best = m;
  }
  return best;
}

const hex = (b: Buffer) => b.toString('hex');
const uuidOf = (b: Buffer) => `${hex(b.subarray(0, 4))}-${hex(b.subarray(4, 6))}-${hex(b.subarray(6, 8))}-${hex(b.subarray(8, 10))}-${hex(b.subarray(10, 16))}`;
const serial32 = (n: number) => {
  const h = n.toString(16).toUpperCase().padStart(8, '0');
  return `${h.slice(0, 4)}-${h.slice(4)}`;
};

/** How many bytes from the start of a device `superblockIdentity` needs. */
export const SUPERBLOCK_BYTES = 0x10000 + 0x200;

/**
 * A filesystem's UUID or serial (as blkid prints it) and label, read from its first bytes, for
 * machines without udev where lsblk knows no UUID and blkid is missing. ext2/3/4, btrfs, exFAT,
 * NTFS and FAT12/16/32; null for anything else.
 */
export function superblockIdentity(b: Buffer): { uuid: string; label: string | null; fstype: string } | null {
  const text = (buf: Buffer) => buf.toString('latin1').replace(/\0+$/, '').trim() || null;
  if (b.length >= 0x478 && b.readUInt16LE(0x438) === 0xef53) {
    return { uuid: uuidOf(b.subarray(0x468, 0x478)), label: text(b.subarray(0x478, 0x488)), fstype: 'ext4' };
  }
  if (b.length >= 0x10000 + 0x12b + 0x100 && b.subarray(0x10040, 0x10048).toString('latin1') === '_BHRfS_M') {
    return { uuid: uuidOf(b.subarray(0x10020, 0x10030)), label: text(b.subarray(0x1012b, 0x1022b)), fstype: 'btrfs' };
  }
  if (b.length < 512 || b.readUInt16LE(510) !== 0xaa55) return null;
  const oem = b.subarray(3, 11).toString('latin1');
  if (oem === 'EXFAT   ') return { uuid: serial32(b.readUInt32LE(100)), label: null, fstype: 'exfat' };
  if (oem === 'NTFS    ') return { uuid: b.subarray(0x48, 0x50).reverse().toString('hex').toUpperCase(), label: null, fstype: 'ntfs' };
  if (b.subarray(0x52, 0x57).toString('latin1') === 'FAT32') return { uuid: serial32(b.readUInt32LE(0x43)), label: text(b.subarray(0x47, 0x52)), fstype: 'vfat' };
  if (b.subarray(0x36, 0x39).toString('latin1') === 'FAT') return { uuid: serial32(b.readUInt32LE(0x27)), label: text(b.subarray(0x2b, 0x36)), fstype: 'vfat' };
  return null;
}

/** `blkid -o export DEVICE`: KEY=value lines. */
export function parseBlkidExport(text: string): { uuid: string | null; label: string | null } {
  const get = (key: string) => text.split('\n').find((l) => l.startsWith(`${key}=`))?.slice(key.length + 1).trim() || null;
  return { uuid: get('UUID'), label: get('LABEL') };
}

/** `lsblk --json -o PATH,UUID,LABEL,PKNAME,SERIAL,MODEL DEVICE` (no --nodeps: the first node is the device). */
export function parseLsblkDevice(json: string): { uuid: string | null; label: string | null; parent: string | null } | null {
  const node = z
    .object({ blockdevices: z.array(z.object({ uuid: z.string().nullish(), label: z.string().nullish(), pkname: z.string().nullish() }).passthrough()).min(1) })
    .safeParse(JSON.parse(json));
  if (!node.success) return null;
  const d = node.data.blockdevices[0]!;
  return { uuid: d.uuid || null, label: d.label?.trim() || null, parent: d.pkname || null };
}


/** A volume's identity from `diskutil info -plist PATH`, already parsed from its plist. */
export function diskutilIdentity(data: unknown): { uuid: string | null; label: string | null; mountPoint: string | null; disk: string; diskLabel: string | null } | null {
  const info = DiskutilInfo.safeParse(data);
  if (!info.success) return null;
  const v = info.data;
  // An APFS volume sits in a container (a synthesized disk); its physical store names the real disk.
  const store = v.APFSPhysicalStores?.[0]?.APFSPhysicalStore;
  const disk = store ? store.replace(/s\d+$/, '') : (v.ParentWholeDisk ?? v.DeviceIdentifier.replace(/s\d+$/, ''));
  return { uuid: v.VolumeUUID ?? v.DiskUUID ?? null, label: v.VolumeName ?? null, mountPoint: v.MountPoint ?? null, disk, diskLabel: v.MediaName ?? null };
}

const WinVolume = z.object({
  DeviceID: z.string(),
  VolumeName: z.string().nullish(),
  VolumeSerialNumber: z.string().nullish(),
  DiskNumber: z.union([z.number(), z.string()]).nullish(),
  DiskName: z.string().nullish(),
});

/**
 * Windows: the JSON of `Get-CimInstance Win32_LogicalDisk -Filter "DeviceID='E:'"` with the disk's
 * number and name added (`Get-Partition -DriveLetter E | Get-Disk`), as ./identity.ts asks for it.
 */
export function parseWindowsVolume(json: string): { uuid: string | null; label: string | null; mountPoint: string; disk: string; diskLabel: string | null } | null {
  const raw = JSON.parse(json) as unknown;
  const parsed = WinVolume.safeParse(Array.isArray(raw) ? raw[0] : raw);
  if (!parsed.success) return null;
  const v = parsed.data;
  const disk = v.DiskNumber === null || v.DiskNumber === undefined || v.DiskNumber === '' ? v.DeviceID : `PhysicalDrive${v.DiskNumber}`;
  // A network share reports the serial 00000000: no identity at all.
  const serial = v.VolumeSerialNumber && !/^0+$/.test(v.VolumeSerialNumber) ? v.VolumeSerialNumber : null;
  return { uuid: serial, label: v.VolumeName || null, mountPoint: `${v.DeviceID}\\`, disk, diskLabel: v.DiskName || null };
}
