import { z } from 'zod';

/**
 * What we read of macOS's `diskutil info -plist` answer, once, for both readers: the volume list
 * (./parse-diskutil.ts) and a volume's identity (./identity-parse.ts). No plist parser here, so
 * identity parsing loads none.
 */
export const DiskutilInfo = z.object({
  DeviceIdentifier: z.string(),
  DeviceNode: z.string().optional(),
  MountPoint: z.string().optional(),
  VolumeName: z.string().optional(),
  VolumeUUID: z.string().optional(),
  DiskUUID: z.string().optional(),
  ParentWholeDisk: z.string().optional(),
  MediaName: z.string().optional(),
  APFSPhysicalStores: z.array(z.object({ APFSPhysicalStore: z.string() })).optional(),
  FilesystemName: z.string().optional(),
  FilesystemType: z.string().optional(),
  TotalSize: z.number().optional(),
  Size: z.number().optional(),
  FreeSpace: z.number().optional(),
  APFSContainerFree: z.number().optional(),
  WritableVolume: z.boolean().optional(),
  Internal: z.boolean().optional(),
  RemovableMedia: z.boolean().optional(),
  RemovableMediaOrExternalDevice: z.boolean().optional(),
  Ejectable: z.boolean().optional(),
  BusProtocol: z.string().optional(),
});
