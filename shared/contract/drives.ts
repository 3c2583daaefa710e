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

export const AutomationRule = z.object({
  id: z.string(),
  volumeId: z.string(),
  label: z.string(),
  boxUrl: z.string(),
  createdAt: z.string(),
  /** How the last automatic archive went; null until the stick was first plugged in again. */
  lastRun: z
    .object({
      at: z.string(),
      ok: z.boolean(),
      upToDate: z.boolean(),
      fileName: z.string().nullable(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
      /** Archived (or already there) but incomplete, damaged or shrunken: the verdict in a sentence, with the next step. */
      note: z.object({ sentence: z.string(), nextStep: z.string() }).nullable().default(null),
    })
    .nullable(),
});

export const drivesCalls = {
  /** Removable, mounted volumes (USB sticks, SD cards) and how plugging in is noticed. */
  'drives.list': call(z.object({}), z.object({ volumes: z.array(Volume), hotplug: z.enum(['usb', 'polling']) })),
  /** Sticks that get an automatic archive when plugged in. */
  'automation.list': call(z.object({}), z.object({ rules: z.array(AutomationRule) })),
  'automation.enable': call(z.object({ mountPoint: z.string().min(1).max(4096), boxUrl: z.string().min(1).max(500) }), AutomationRule),
  /** The box has a new address: the rule (and the backup remembered for it) follow. */
  'automation.setBox': call(z.object({ id: z.string().min(1).max(100), boxUrl: z.string().min(1).max(500) }), AutomationRule),
  'automation.disable': call(z.object({ id: z.string().min(1).max(100) }), z.object({ disabled: z.boolean() })),
  'drives.eject': call(z.object({ mountPoint: z.string().min(1).max(4096) }), z.object({ ejected: z.boolean(), message: z.string() })),
};

export const drivesEvents = {
  'drives.changed': event(z.object({ volumes: z.array(Volume) })),
  /** An automatic archive finished (or failed) on a remembered stick. */
  'automation.ran': event(
    z.object({
      ruleId: z.string(),
      boxUrl: z.string(),
      ok: z.boolean(),
      label: z.string(),
      fileName: z.string().nullable(),
      error: z.object({ code: z.string(), message: z.string() }).nullable(),
      /** Nothing was written: the stick already held the box's current backup, read back intact just now. */
      upToDate: z.boolean().default(false),
      /** Archived (or already there) but incomplete, damaged or shrunken: the verdict in a sentence, with the next step. */
      note: z.object({ sentence: z.string(), nextStep: z.string() }).nullable().default(null),
    }),
  ),
};
