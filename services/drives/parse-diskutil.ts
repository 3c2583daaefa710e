import * as plist from 'plist';
import { z } from 'zod';
import { DiskutilInfo } from './diskutil-schema';
import { SYSTEM_MOUNTS, type Volume } from './parse';

// macOS's `diskutil -plist` listings (./parse.ts has the other systems'): a module of their own,
// loaded only on macOS, so nothing else loads the plist parser.

/** `diskutil info -plist <disk>` for one mounted volume; null when it is not a removable volume. */
export function parseDiskutilInfo(xml: string): Volume | null {
  const info = DiskutilInfo.parse(plist.parse(xml));
  if (!info.MountPoint || SYSTEM_MOUNTS.test(info.MountPoint)) return null;
  const removable = info.RemovableMediaOrExternalDevice === true || info.RemovableMedia === true || info.Ejectable === true || info.Internal === false;
  if (!removable) return null;
  return {
    id: info.VolumeUUID ?? info.DeviceIdentifier,
    label: info.VolumeName ?? info.DeviceIdentifier,
    mountPoint: info.MountPoint,
    size: info.TotalSize ?? info.Size ?? null,
    free: info.FreeSpace ?? info.APFSContainerFree ?? null,
    filesystem: info.FilesystemName ?? info.FilesystemType ?? null,
    writable: info.WritableVolume !== false,
    bus: info.BusProtocol ?? null,
    device: info.DeviceNode ?? `/dev/${info.DeviceIdentifier}`,
  };
}

/** Mounted partitions of external physical disks from `diskutil list -plist external physical`. */
export function parseDiskutilList(xml: string): string[] {
  const data = z
    .object({ AllDisksAndPartitions: z.array(z.object({ DeviceIdentifier: z.string(), MountPoint: z.string().optional(), Partitions: z.array(z.object({ DeviceIdentifier: z.string(), MountPoint: z.string().optional() })).optional() })) })
    .parse(plist.parse(xml));
  const ids: string[] = [];
  for (const disk of data.AllDisksAndPartitions) {
    if (disk.MountPoint) ids.push(disk.DeviceIdentifier);
    for (const p of disk.Partitions ?? []) if (p.MountPoint) ids.push(p.DeviceIdentifier);
  }
  return ids;
}
