/**
 * The copies model: from what the app knows (the catalog, a scan of attached sticks and remembered
 * folders, the box's digest) to what a person needs to know at a glance: how many good copies of
 * the current backup exist, where, how fresh, and what to do. Pure: no clock, no I/O.
 */

export type PlaceKind = 'stick' | 'folder';

/** Where a copy lives. Two archives on one stick share one place; so do two folders on one disk. */
export interface Place {
  id: string;
  label: string;
  kind: PlaceKind;
}

export interface CopyInput {
  path: string;
  place: Place;
  /** Whether the file can be read right now (its stick is plugged in, its folder reachable). */
  attached: boolean;
  /** One-way hash of the backup id (catalog.backupRef): which backup this is a copy of. */
  backupRef: string;
  backupIdPrefix: string;
  createdAt: string;
  /** Digest of the archive's file list (shared/backup-digest.ts); null when not known. */
  digest: string | null;
  /** When it last read back intact; null if never checked by this app. */
  verifiedAt: string | null;
  /** The last check failed (newer than verifiedAt). */
  failure: { at: string; message: string } | null;
  demo: boolean;
}

/** The box's current digest for one backup: 'unknown' when the box was unreachable or too old to say. */
export type BoxDigestState = { digest: string; checkedAt: string } | { notFound: true; checkedAt: string } | 'unknown' | 'demo-stopped';

/** 'not-asked': a demo copy while the demo box is not running (nothing is wrong; nobody could be asked). */
export type CopyState = 'current' | 'older' | 'unknown' | 'not-asked';

export interface CopyView extends Omit<CopyInput, 'digest'> {
  state: CopyState;
  /** Verified, not failed since, current, and not a demo: it counts in the headline. */
  counts: boolean;
  /** One next step when the copy cannot be trusted. */
  nextStep: string | null;
}

export type WarningCode = 'no-copy' | 'box-changed' | 'stale' | 'single-place' | 'failed';

export interface CopiesWarning {
  code: WarningCode;
  message: string;
  nextStep: string;
  /** The copy the warning is about (failed copies). */
  path?: string;
}

export interface BackupCopies {
  backupRef: string;
  backupIdPrefix: string;
  demo: boolean;
  /** What the box said, without its digest: checked (digest known), not-found, or unknown. */
  box: { state: 'checked' | 'not-found' | 'unknown' | 'demo-stopped'; checkedAt: string | null };
  headline: string;
  /** neutral: nothing to judge (the demo is not running, or nothing was archived yet). */
  tone: Tone;
  /** Places that hold a verified, current copy (labels, in order). */
  currentPlaces: string[];
  warnings: CopiesWarning[];
  copies: CopyView[];
}

export interface CopiesInput {
  copies: CopyInput[];
  /** The backups the app remembers (one per box), with the box's digest for each. */
  backups: { backupRef: string; backupIdPrefix: string; box: BoxDigestState; demo?: boolean }[];
  now: string;
  staleDays: number;
}

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

export interface CopiesView {
  /** The headline of the user's own backup (the first remembered one that is not a demo; "Demo backup: ..." when only the demo exists). */
  headline: string;
  tone: Tone;
  backups: BackupCopies[];
}

const DAY_MS = 24 * 60 * 60 * 1000;
export const RULE_3_2_1 = 'The 3-2-1 habit: keep 3 copies, on 2 different kinds of storage, with 1 of them away from home.';

export function joinLabels(labels: readonly string[]): string {
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

function stateOf(copy: CopyInput, box: BoxDigestState): CopyState {
  if (box === 'demo-stopped') return 'not-asked';
  if (box === 'unknown' || 'notFound' in box || copy.digest === null) return 'unknown';
  return copy.digest === box.digest ? 'current' : 'older';
}

function isVerified(copy: CopyInput): boolean {
  return copy.verifiedAt !== null && copy.failure === null;
}

function nextStepFor(copy: CopyInput, state: CopyState, currentPlaceIds: ReadonlySet<string>): string | null {
  if (copy.failure) {
    return copy.place.kind === 'stick'
      ? `Make a fresh archive on ${copy.place.label}; if that fails too, this stick may be failing: use another one.`
      : `Make a fresh archive in ${copy.place.label}; if that fails too, the disk holding it may be failing.`;
  }
  if (copy.verifiedAt === null) return 'Verify it: plug it in, or choose "Verify all copies now".';
  if (state === 'older') {
    // An earlier version kept beside an up-to-date copy (retention keeps the last N) needs nothing.
    if (currentPlaceIds.has(copy.place.id)) return `An earlier version, kept on purpose: ${copy.place.label} also holds an up-to-date copy. Nothing to do.`;
    return `Make a fresh archive on ${copy.place.label}: the box's backup has changed since this copy.`;
  }
  return null;
}

const byNewest = (a: { createdAt: string }, b: { createdAt: string }) => b.createdAt.localeCompare(a.createdAt);

export const DEMO_NEXT_STEP = 'Nothing to do: this is the demo backup. With your own backup, this is what the app would ask of you.';

function daysBetween(from: string, to: string): number {
  return Math.floor((Date.parse(to) - Date.parse(from)) / DAY_MS);
}

function summarize(
  backup: CopiesInput['backups'][number],
  inputs: CopyInput[],
  now: string,
  staleDays: number,
): BackupCopies {
  const demo = backup.demo ?? (inputs.length > 0 && inputs.every((c) => c.demo));
  const counted = inputs.map((c) => {
    const state = stateOf(c, backup.box);
    return { input: c, state, counts: (demo || !c.demo) && isVerified(c) && state === 'current' };
  });
  const currentPlaceIds = new Set(counted.filter((c) => c.counts).map((c) => c.input.place.id));
  const copies: CopyView[] = counted
    .map(({ input, state, counts }) => ({ ...withoutDigest(input), state, counts, nextStep: nextStepFor(input, state, currentPlaceIds) }))
    .sort(byNewest);
  // One entry per place (two archives on one stick count once); sticks first, then folders, by name.
  // Two folders on one disk are one place: the headline names both, so it agrees with the table's rows.
  const places = new Map<string, Place>();
  const labels = new Map<string, string[]>();
  for (const c of copies) {
    if (!c.counts) continue;
    if (!places.has(c.place.id)) places.set(c.place.id, c.place);
    const seen = labels.get(c.place.id) ?? [];
    if (!seen.includes(c.place.label)) labels.set(c.place.id, [...seen, c.place.label]);
  }
  for (const [id, [first, ...others]] of labels) {
    if (others.length) places.set(id, { ...places.get(id)!, label: `${first} (and ${joinLabels(others)}, on the same disk)` });
  }
  const currentPlaces = [...places.values()]
    .sort((a, b) => Number(a.kind === 'folder') - Number(b.kind === 'folder') || a.label.localeCompare(b.label))
    .map((p) => p.label);

  const warnings: CopiesWarning[] = [];
  // A demo archive never stands in for a copy of the user's own backup.
  const own = demo ? inputs : inputs.filter((c) => !c.demo);
  const boxKnown = typeof backup.box === 'object' && !('notFound' in backup.box);
  if (own.length === 0) {
    warnings.push({ code: 'no-copy', message: 'There is no offline copy of this backup yet.', nextStep: 'Archive it to a USB stick: choose "Archive" on the home screen.' });
  } else if (boxKnown && copies.every((c) => (c.demo && !demo) || c.state === 'older')) {
    warnings.push({
      code: 'box-changed',
      message: "Your box's backup has changed since every copy you have.",
      nextStep: 'Plug in a remembered stick, or choose "Archive", to copy the new backup.',
    });
  }
  const newestVerified = own.filter(isVerified).sort(byNewest)[0];
  if (newestVerified && daysBetween(newestVerified.createdAt, now) > staleDays) {
    warnings.push({
      code: 'stale',
      message: `Your newest verified copy is ${daysBetween(newestVerified.createdAt, now)} days old (the limit is ${staleDays}).`,
      nextStep: 'Make a fresh archive: plug in a remembered stick, or choose "Archive".',
    });
  }
  if (currentPlaces.length === 1) {
    warnings.push({ code: 'single-place', message: `Only ${currentPlaces[0]} holds an up-to-date copy. ${RULE_3_2_1}`, nextStep: 'Archive to a second stick or folder, and keep one away from home.' });
  }
  for (const c of copies) {
    if (c.failure && (demo || !c.demo)) {
      warnings.push({ code: 'failed', path: c.path, message: `The copy on ${c.place.label} made ${c.createdAt.slice(0, 10)} failed its last check: ${c.failure.message}`, nextStep: c.nextStep! });
    }
  }

  // The demo shows what the app would say about a real backup, but nothing in it needs doing.
  if (demo) for (const w of warnings) w.nextStep = DEMO_NEXT_STEP;
  const headline = headlineFor(currentPlaces, backup.box, own.length, warnings);
  const tone: Tone =
    backup.box === 'demo-stopped' && currentPlaces.length === 0 ? 'neutral' : currentPlaces.length >= 2 ? (warnings.length ? 'warn' : 'good') : currentPlaces.length === 1 ? 'warn' : 'bad';
  const boxView =
    backup.box === 'unknown' || backup.box === 'demo-stopped'
      ? { state: backup.box, checkedAt: null }
      : { state: 'notFound' in backup.box ? ('not-found' as const) : ('checked' as const), checkedAt: backup.box.checkedAt };
  return { backupRef: backup.backupRef, backupIdPrefix: backup.backupIdPrefix, demo, box: boxView, headline, tone, currentPlaces, warnings, copies };
}

function withoutDigest(c: CopyInput): Omit<CopyInput, 'digest'> {
  const { digest: _digest, ...rest } = c;
  return rest;
}

function headlineFor(places: string[], box: BoxDigestState, ownCopies: number, warnings: CopiesWarning[]): string {
  if (places.length > 0) return `${places.length} up-to-date ${places.length === 1 ? 'copy' : 'copies'}: ${joinLabels(places)}`;
  if (ownCopies === 0) return 'No offline copy yet: archive your backup to a USB stick.';
  if (box === 'demo-stopped') return 'The demo box is not running. Start the demo to check it.';
  if (box === 'unknown') return "Your box could not be asked whether its backup changed: connect to it to check your copies.";
  if ('notFound' in box) return 'Your box no longer holds this backup: keep your copies safe, they may be the only ones.';
  if (warnings.some((w) => w.code === 'box-changed')) return 'No up-to-date copy: your box has a newer backup. Plug in a stick to copy it.';
  return 'No verified up-to-date copy: choose "Verify all copies now", or make a fresh archive.';
}

/** Everything the Home headline and the Copies screen show. */
export function summarizeCopies(input: CopiesInput): CopiesView {
  const groups = new Map<string, CopyInput[]>();
  for (const c of input.copies) groups.set(c.backupRef, [...(groups.get(c.backupRef) ?? []), c]);
  const backups: BackupCopies[] = [];
  const listed = new Set<string>();
  for (const b of input.backups) {
    if (listed.has(b.backupRef)) continue;
    listed.add(b.backupRef);
    backups.push(summarize(b, groups.get(b.backupRef) ?? [], input.now, input.staleDays));
  }
  for (const [ref, copies] of groups) {
    if (listed.has(ref)) continue;
    backups.push(summarize({ backupRef: ref, backupIdPrefix: copies[0]!.backupIdPrefix, box: 'unknown' }, copies, input.now, input.staleDays));
  }
  // The user's own remembered backups first, demo ones last.
  backups.sort((a, b) => Number(a.demo) - Number(b.demo));
  const main = backups.find((b) => !b.demo);
  if (main) return { headline: main.headline, tone: main.tone, backups };
  // Only the demo so far: its copies are shown as the demo's, never as the user's.
  const demo = backups.find((b) => b.copies.length > 0);
  return demo
    ? { headline: `Demo backup: ${demo.headline}`, tone: demo.tone, backups }
    : { headline: 'No offline copy of your own backup yet: archive it to a USB stick.', tone: 'neutral', backups };
}
