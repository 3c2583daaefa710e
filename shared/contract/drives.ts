import { z } from 'zod';
import { call, event } from './define';

export const Volume = z.object({
  id: z.string(),
  label: z.string(),
  mountPoint: z.string(),
  size: z.number().nullable(),
  free: z.number().nullable(),
  filesystem: z.string().nullable(),
  writable: z.boolean(),
  bus: z.string().nullable(),
  device: z.string().nullable(),
});
export type Volume = z.infer<typeof Volume>;

export const drivesCalls = {
  /** Removable, mounted volumes (USB sticks, SD cards) and how plugging in is noticed. */
  'drives.list': call(z.object({}), z.object({ volumes: z.array(Volume), hotplug: z.enum(['usb', 'polling']) })),
  'drives.eject': call(z.object({ mountPoint: z.string().min(1).max(4096) }), z.object({ ejected: z.boolean(), message: z.string() })),
};

export const drivesEvents = {
  'drives.changed': event(z.object({ volumes: z.array(Volume) })),
};
