import { z } from 'zod';

/**
 * Pure parsers of each OS's volume listing. A Volume is a mounted filesystem on a removable
 * device (USB stick, SD card, external disk). System and internal disks never appear here: a
 * folder anywhere is still available through the folder picker.
 */
export interface Volume {
  /** Stable while plugged in: filesystem UUID/serial when known, else the device. */
  id: string;
  label: string;
  mountPoint: string;
  size: number | null;
  free: number | null;
  filesystem: string | null;
  writable: boolean;
  bus: string | null;
  device: string | null;
}

export const SYSTEM_MOUNTS = /^(\/|\/boot(\/.*)?|\/usr|\/var|\/home|\/opt|\/srv|\/snap\/.*|\/System\/Volumes\/.*|\[SWAP\])$/;

// lsblk prints booleans as true/false (util-linux >= 2.37) or "0"/"1" (older).
const Flag = z.union([z.boolean(), z.string(), z.number(), z.null()]).transform((v) => v === true || v === '1' || v === 1);
const Num = z.union([z.number(), z.string(), z.null()]).transform((v) => (v === null || v === '' ? null : Number(v)));

interface LsblkNode {
  name: string;
  path?: string | null;
  type?: string | null;
  rm: boolean;
  hotplug: boolean;
  ro: boolean;
  size: number | null;
  fstype?: string | null;
  fsavail: number | null;
  fssize: number | null;
  label?: string | null;
  uuid?: string | null;
  mountpoints?: (string | null)[] | null;
  mountpoint?: string | null;
  tran?: string | null;
  model?: string | null;
  vendor?: string | null;
  children?: LsblkNode[];
}

const LsblkNodeSchema: z.ZodType<LsblkNode> = z.lazy(() =>
  z.object({
    name: z.string(),
    path: z.string().nullish(),
    type: z.string().nullish(),
    rm: Flag,
    hotplug: Flag,
    ro: Flag,
    size: Num,
    fstype: z.string().nullish(),
    fsavail: Num,
    fssize: Num,
    label: z.string().nullish(),
    uuid: z.string().nullish(),
    mountpoints: z.array(z.string().nullable()).nullish(),
    mountpoint: z.string().nullish(),
    tran: z.string().nullish(),
    model: z.string().nullish(),
    vendor: z.string().nullish(),
    children: z.array(LsblkNodeSchema).optional(),
  }),
);

/** `lsblk --json --bytes -o NAME,PATH,TYPE,RM,HOTPLUG,RO,SIZE,FSTYPE,FSAVAIL,FSSIZE,LABEL,UUID,MOUNTPOINTS,TRAN,MODEL,VENDOR,PKNAME` */
export function parseLsblk(json: string): Volume[] {
  const data = z.object({ blockdevices: z.array(LsblkNodeSchema) }).parse(JSON.parse(json));
  const volumes: Volume[] = [];
  for (const disk of data.blockdevices) {
    const removableDisk = disk.tran === 'usb' || disk.rm || disk.hotplug || /^mmcblk\d+$/.test(disk.name);
    if (!removableDisk || disk.type === 'loop' || disk.type === 'rom') continue;
    const nodes = [disk, ...(disk.children ?? [])];
    for (const node of nodes) {
      const mounts = (node.mountpoints ?? [node.mountpoint ?? null]).filter((m): m is string => Boolean(m));
      const mountPoint = mounts.find((m) => !SYSTEM_MOUNTS.test(m));
      if (!mountPoint) continue;
      volumes.push({
        id: node.uuid ?? node.path ?? node.name,
        label: node.label?.trim() || `${(disk.vendor ?? '').trim()} ${(disk.model ?? '').trim()}`.trim() || node.name,
        mountPoint,
        size: node.fssize ?? node.size,
        free: node.fsavail,
        filesystem: node.fstype ?? null,
        writable: !node.ro && !disk.ro,
        bus: disk.tran ?? (/^mmcblk/.test(disk.name) ? 'sd' : null),
        device: node.path ?? `/dev/${node.name}`,
      });
    }
  }
  return volumes;
}

const WinDisk = z.object({
  DeviceID: z.string(),
  VolumeName: z.string().nullable().optional(),
  DriveType: z.number(),
  FileSystem: z.string().nullable().optional(),
  Size: z.number().nullable().optional(),
  FreeSpace: z.number().nullable().optional(),
  VolumeSerialNumber: z.string().nullable().optional(),
  Access: z.number().nullable().optional(),
});

/**
 * `Get-CimInstance Win32_LogicalDisk | Select-Object DeviceID,VolumeName,DriveType,FileSystem,Size,
 * FreeSpace,VolumeSerialNumber,Access | ConvertTo-Json`. DriveType 2 = removable (sticks, cards).
 * USB hard disks report DriveType 3 like internal ones and are reached through the folder picker.
 */
export function parseWindowsLogicalDisks(json: string): Volume[] {
  const raw = JSON.parse(json) as unknown;
  const list = z.array(WinDisk).parse(Array.isArray(raw) ? raw : [raw]);
  return list
    .filter((d) => d.DriveType === 2 && d.FileSystem)
    .map((d) => ({
      id: d.VolumeSerialNumber ?? d.DeviceID,
      label: d.VolumeName || `Removable disk (${d.DeviceID})`,
      mountPoint: `${d.DeviceID}\\`,
      size: d.Size ?? null,
      free: d.FreeSpace ?? null,
      filesystem: d.FileSystem ?? null,
      writable: d.Access !== 1,
      bus: 'removable',
      device: d.DeviceID,
    }));
}
