import { z } from 'zod';
import { OperationId } from './app';
import { call, event } from './define';

/** The copies model's view (shared/copies/model.ts) as it crosses the boundary. */
/** neutral: nothing to judge yet (the demo box is not running, or nothing was archived). */
const Tone = z.enum(['good', 'warn', 'bad', 'neutral']);
const Place = z.object({ id: z.string(), label: z.string(), kind: z.enum(['stick', 'folder']) });

export const CopyItem = z.object({
  path: z.string(),
  place: Place,
  attached: z.boolean(),
  backupRef: z.string(),
  backupIdPrefix: z.string(),
  createdAt: z.string(),
  verifiedAt: z.string().nullable(),
  failure: z.object({ at: z.string(), message: z.string() }).nullable(),
  demo: z.boolean(),
  state: z.enum(['current', 'older', 'unknown', 'not-asked']),
  counts: z.boolean(),
  nextStep: z.string().nullable(),
});

export const CopiesWarning = z.object({
  code: z.enum(['no-copy', 'box-changed', 'stale', 'single-place', 'failed']),
  message: z.string(),
  nextStep: z.string(),
  path: z.string().optional(),
});

export const BackupCopies = z.object({
  backupRef: z.string(),
  backupIdPrefix: z.string(),
  demo: z.boolean(),
  box: z.object({ state: z.enum(['checked', 'not-found', 'unknown', 'demo-stopped']), checkedAt: z.string().nullable() }),
  headline: z.string(),
  tone: Tone,
  currentPlaces: z.array(z.string()),
  warnings: z.array(CopiesWarning),
  copies: z.array(CopyItem),
});

export const CopiesView = z.object({
  headline: z.string(),
  tone: Tone,
  backups: z.array(BackupCopies),
  /** Days after which the newest verified copy is called old (a setting). */
  staleDays: z.number().int(),
  checkedAt: z.string(),
});
export type CopiesView = z.infer<typeof CopiesView>;

export const copiesCalls = {
  /** Every known copy of every remembered backup: catalog + attached sticks + remembered folders, against the box's digest. */
  'copies.list': call(z.object({}), CopiesView),
  /** Re-reads every reachable copy and records the outcome in the catalog (cancellable). */
  'copies.verifyAll': call(
    z.object({ operationId: OperationId }),
    z.object({ checked: z.number().int(), failed: z.number().int(), skipped: z.number().int() }),
    { cancellable: true },
  ),
  'copies.settings': call(
    z.object({
      staleDays: z.number().int().min(1).max(3650).optional(),
      /** Pull into remembered folders every N hours while the app runs, when the box's backup changed; null = off. */
      scheduleHours: z.number().int().min(1).max(168).nullable().optional(),
    }),
    z.object({ staleDays: z.number().int(), scheduleHours: z.number().int().nullable() }),
  ),
};

export const copiesEvents = {
  /** Copies changed in the background (a scrub finished, a stick was plugged in or removed): ask copies.list again. */
  'copies.changed': event(z.object({ reason: z.enum(['scrub', 'drives', 'archive']), message: z.string().max(300).nullable() })),
};
