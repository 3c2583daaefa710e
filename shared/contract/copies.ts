import { z } from 'zod';
import { OperationId } from './app';
import { call, event } from './define';

/** The copies model's view (shared/copies/model.ts) as it crosses the boundary. */
/** neutral: nothing to judge yet (the demo box is not running, or nothing was archived). */
const Tone = z.enum(['good', 'warn', 'bad', 'neutral']);
const Place = z.object({ id: z.string(), label: z.string(), kind: z.enum(['stick', 'folder']), detail: z.string().optional() });

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
  /** 1: key files readable by anyone who has it; 2: sealed to the words; null: not read yet. */
  formatVersion: z.union([z.literal(1), z.literal(2)]).nullable().optional(),
  /** The verdict on its content (services/inspect/verdict.ts); null while not judged yet. */
  content: z.enum(['ok', 'incomplete', 'corrupt', 'invalid']).nullable(),
  state: z.enum(['current', 'older', 'unknown', 'incomplete', 'damaged', 'not-asked']),
  counts: z.boolean(),
  nextStep: z.string().nullable(),
  /** The next step is a fresh archive in this copy's place (it failed its check, or the box changed since): the row offers it. */
  freshArchive: z.boolean(),
});

export const CopiesWarning = z.object({
  code: z.enum(['no-copy', 'box-changed', 'stale', 'single-place', 'failed', 'unsealed', 'words-needed', 'not-restorable']),
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
  /** Copies still in format 1: "readable by anyone who finds the stick: reseal them". */
  unsealed: z.number().int(),
});

/** A backup that is not the person's, seen on a stick: for support staff; never counted, never in the tray. */
export const SeenBackup = z.object({
  backupRef: z.string(),
  backupIdPrefix: z.string(),
  copies: z.array(z.object({ path: z.string(), place: Place, attached: z.boolean(), createdAt: z.string() })),
});

export const CopiesView = z.object({
  headline: z.string(),
  tone: Tone,
  backups: z.array(BackupCopies),
  /** Other backups seen on sticks, apart from the person's. */
  seen: z.array(SeenBackup),
  /** The backup whose headline is the page's headline: its section does not say it again. */
  headlineOf: z.string().nullable().default(null),
  /** Days after which the newest verified copy is called old (a setting). */
  staleDays: z.number().int(),
  checkedAt: z.string(),
});
export type CopiesView = z.infer<typeof CopiesView>;

export const copiesCalls = {
  /**
   * Every known copy of every remembered backup: catalog + attached sticks + remembered folders, against the box's digest.
   * With an operationId, a wait for another program using the box is told as operation.progress.
   */
  'copies.list': call(z.object({ operationId: OperationId.optional() }), CopiesView),
  /** Re-reads every reachable copy and records the outcome in the catalog (cancellable). */
  'copies.verifyAll': call(
    z.object({ operationId: OperationId }),
    z.object({
      checked: z.number().int(),
      /** The places (sticks, disks) the checked archive files are in. */
      places: z.number().int().default(0),
      failed: z.number().int(),
      skipped: z.number().int(),
      /** Copies that read back intact but cannot bring the backup back (incomplete or damaged content). */
      notRestorable: z.number().int(),
      /** Copies deleted from a volume that is present: no longer counted. */
      gone: z.number().int().default(0),
      /** Copies that could not be reached, grouped by why ("KINGSTON is not plugged in"). */
      unreachable: z.array(z.object({ count: z.number().int(), reason: z.string().max(300) })).default([]),
    }),
    { cancellable: true },
  ),
  /** "This is mine": a backup seen on a stick becomes one of the person's (its copies count). */
  'copies.claim': call(z.object({ backupRef: z.string().regex(/^[0-9a-f]{64}$/) }), z.object({ claimed: z.boolean() })),
  /** Forgets a backup seen on a stick: not listed again, and its catalog entries are dropped (files untouched). */
  'copies.forgetSeen': call(z.object({ backupRef: z.string().regex(/^[0-9a-f]{64}$/) }), z.object({ forgotten: z.number().int() })),
  'copies.settings': call(
    z.object({
      staleDays: z.number().int().min(1).max(3650).optional(),
      /** Pull into remembered folders every N hours while the app runs, when the box's backup changed; null = off. */
      scheduleHours: z.number().int().min(1).max(168).nullable().optional(),
      /** Ask each remembered box whether its backup changed every N minutes while the app runs. */
      boxCheckMinutes: z.number().int().min(1).max(240).optional(),
    }),
    z.object({ staleDays: z.number().int(), scheduleHours: z.number().int().nullable(), boxCheckMinutes: z.number().int() }),
  ),
};

export const copiesEvents = {
  /** Copies changed in the background (a scrub finished, a stick was plugged in or removed, the box's backup changed): ask copies.list again. */
  'copies.changed': event(z.object({ reason: z.enum(['scrub', 'drives', 'archive', 'box']), message: z.string().max(300).nullable() })),
};
