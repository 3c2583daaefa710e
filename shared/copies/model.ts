import { isFromTheFuture, newestFirst } from '../clock';
import { NOT_RESTORABLE_NEXT_STEP } from '../inspect/verdict-text';

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
  /** What tells this place from another with the same label ("on Samsung SSD", "volume 64F2-9A7B"). */
  detail?: string;
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
  /** The verdict on its content: can it bring the identities back? Null while not judged yet. */
  content: 'ok' | 'incomplete' | 'corrupt' | 'invalid' | null;
  /** The archive's format (1: key files readable by anyone who has it; 2: sealed to the words); null when not read. */
  formatVersion?: 1 | 2 | null;
}

/** A copy of a backup that is not the person's (not remembered, not claimed), seen on a stick. */
export type SeenInput = Pick<CopyInput, 'path' | 'place' | 'attached' | 'backupRef' | 'backupIdPrefix' | 'createdAt'>;

/** Other backups seen on sticks (support staff): listed apart, never counted, never in the tray. */
export interface SeenBackup {
  backupRef: string;
  backupIdPrefix: string;
  copies: { path: string; place: Place; attached: boolean; createdAt: string }[];
}

/** The box's current digest for one backup: 'unknown' when the box was unreachable or too old to say. */
export type BoxDigestState = { digest: string; checkedAt: string } | { notFound: true; checkedAt: string } | 'unknown' | 'demo-stopped';

/**
 * How the copy stands against the box's backup now; incomplete and damaged copies are never current.
 * 'not-asked': a demo copy while the demo box is not running (nothing is wrong; nobody could be asked).
 */
export type CopyState = 'current' | 'older' | 'unknown' | 'incomplete' | 'damaged' | 'not-asked';

export interface CopyView extends Omit<CopyInput, 'digest'> {
  state: CopyState;
  /** Verified, not failed since, current, and not a demo: it counts in the headline. */
  counts: boolean;
  /** One next step when the copy cannot be trusted. */
  nextStep: string | null;
  /** The next step is a fresh archive in this copy's place: the screen offers the button that makes it. */
  freshArchive: boolean;
}

export type WarningCode = 'no-copy' | 'box-changed' | 'stale' | 'single-place' | 'failed' | 'unsealed' | 'words-needed' | 'not-restorable';

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
  /** Copies still in format 1 (their key files readable by anyone who finds them). */
  unsealed: number;
}

export interface CopiesInput {
  copies: CopyInput[];
  /** Copies of other people's backups found on sticks. */
  seen?: SeenInput[];
  /** The backups the app remembers (one per box), with the box's digest for each. */
  backups: { backupRef: string; backupIdPrefix: string; box: BoxDigestState; demo?: boolean; /** false: remembered before sealing; its automatic archives are format 1 until the words are typed once. */ sealing?: boolean }[];
  now: string;
  staleDays: number;
}

export type Tone = 'good' | 'warn' | 'bad' | 'neutral';

export interface CopiesView {
  /** The headline of the user's own backup (the first remembered one that is not a demo; "Demo backup: ..." when only the demo exists). */
  headline: string;
  tone: Tone;
  backups: BackupCopies[];
  seen: SeenBackup[];
  /** The backup whose headline is the headline (its section need not say it again); null when none is. */
  headlineOf: string | null;
}

/** What Home, Copies and the tray say when the box's backup changed since every copy. */
export const BOX_CHANGED = 'Box changed since your last copy';

const DAY_MS = 24 * 60 * 60 * 1000;
export const RULE_3_2_1 = 'The 3-2-1 habit: keep 3 copies, on 2 different kinds of storage, with 1 of them away from home.';

export function joinLabels(labels: readonly string[]): string {
  if (labels.length <= 1) return labels[0] ?? '';
  return `${labels.slice(0, -1).join(', ')} and ${labels[labels.length - 1]}`;
}

function stateOf(copy: CopyInput, box: BoxDigestState): CopyState {
  // A copy that cannot bring the identities back is never a good, up-to-date copy, whatever its digest.
  if (copy.content === 'incomplete') return 'incomplete';
  if (copy.content === 'corrupt' || copy.content === 'invalid') return 'damaged';
  if (box === 'demo-stopped') return 'not-asked';
  if (box === 'unknown' || 'notFound' in box || copy.digest === null) return 'unknown';
  return copy.digest === box.digest ? 'current' : 'older';
}

function isVerified(copy: CopyInput): boolean {
  return copy.verifiedAt !== null && copy.failure === null;
}

/**
 * Two different places never read the same on screen: a label shared by places with different ids
 * gets what tells them apart ("Backups (on Samsung SSD)"), and a number if even that is shared.
 */
export function distinctPlaceLabels<T extends { place: Place }>(items: T[]): T[] {
  const idsByLabel = new Map<string, Set<string>>();
  for (const { place } of items) idsByLabel.set(place.label, (idsByLabel.get(place.label) ?? new Set()).add(place.id));
  const renamed = new Map<string, string>();
  const used = new Set<string>();
  for (const [label, ids] of idsByLabel) {
    if (ids.size < 2) continue;
    let n = 1;
    for (const id of [...ids].sort()) {
      const detail = items.find((i) => i.place.id === id)!.place.detail;
      let name = detail ? `${label} (${detail})` : `${label} (${n})`;
      while (used.has(name) || idsByLabel.has(name)) name = `${label} (${++n})`;
      used.add(name);
      renamed.set(id, name);
      n += 1;
    }
  }
  return items.map((i) => (renamed.has(i.place.id) ? { ...i, place: { ...i.place, label: renamed.get(i.place.id)! } } : i));
}

function nextStepFor(copy: CopyInput, state: CopyState, currentPlaceIds: ReadonlySet<string>): string | null {
  if (copy.failure) {
    return copy.place.kind === 'stick'
      ? `Make a fresh archive on ${copy.place.label}; if that fails too, this stick may be failing: use another one.`
      : `Make a fresh archive in ${copy.place.label}; if that fails too, the disk holding it may be failing.`;
  }
  if (copy.verifiedAt === null) return 'Verify it: plug it in, or choose "Verify all copies now".';
  if (state === 'incomplete' || state === 'damaged') return NOT_RESTORABLE_NEXT_STEP;
  if (state === 'older') {
    // An earlier version kept beside an up-to-date copy (retention keeps the last N) needs nothing.
    if (currentPlaceIds.has(copy.place.id)) return `An earlier version, kept on purpose: ${copy.place.label} also holds an up-to-date copy. Nothing to do.`;
    // The headline says once that the box changed; the row says what to do here (its button does it).
    return copy.place.kind === 'stick' ? `Make a fresh archive on ${copy.place.label}.` : `Make a fresh archive in ${copy.place.label}.`;
  }
  return null;
}

/** Whether a copy's next step is a fresh archive in its place (a failed check, or older than the box): the row offers to make it. */
function wantsFreshArchive(copy: CopyInput, state: CopyState, currentPlaceIds: ReadonlySet<string>): boolean {
  if (copy.failure) return true;
  return copy.verifiedAt !== null && state === 'older' && !currentPlaceIds.has(copy.place.id);
}

/**
 * How to copy a changed backup, in the words of the places the copies are in: a stick is plugged
 * in, a folder is archived into again; never "plug in a stick" to someone whose copies are in folders.
 */
export function freshArchiveStep(copies: readonly Pick<CopyInput, 'place'>[]): string {
  const sticks = copies.some((c) => c.place.kind === 'stick');
  const folders = [...new Set(copies.filter((c) => c.place.kind === 'folder').map((c) => c.place.label))];
  if (sticks && folders.length) return 'plug in a remembered stick, or choose "Archive" to archive again into your folder';
  if (sticks) return 'plug in a remembered stick, or choose "Archive"';
  if (folders.length === 1) return `choose "Archive" to archive again into ${folders[0]}`;
  if (folders.length > 1) return 'choose "Archive" to archive again into your folders';
  return 'choose "Archive"';
}

const capitalized = (s: string) => `${s.charAt(0).toUpperCase()}${s.slice(1)}`;

const byNewest = newestFirst;

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
    .map(({ input, state, counts }) => ({
      ...withoutDigest(input),
      state,
      counts,
      nextStep: nextStepFor(input, state, currentPlaceIds),
      freshArchive: wantsFreshArchive(input, state, currentPlaceIds),
    }))
    .sort(byNewest(now));
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
  const fresh = freshArchiveStep(own);
  if (own.length === 0) {
    warnings.push({ code: 'no-copy', message: 'There is no offline copy of this backup yet.', nextStep: 'Archive it to a USB stick: choose "Archive" on the home screen.' });
  } else if (boxKnown && copies.every((c) => (c.demo && !demo) || c.state === 'older')) {
    warnings.push({
      code: 'box-changed',
      message: "Your box's backup has changed since every copy you have.",
      nextStep: `${capitalized(fresh)}, to copy the new backup.`,
    });
  }
  // A copy dated in the future (made while the clock was ahead) says nothing about how fresh the copies are.
  const verified = own.filter(isVerified);
  const newestVerified = verified.filter((c) => !isFromTheFuture(c.createdAt, now)).sort(byNewest(now))[0];
  if (newestVerified && daysBetween(newestVerified.createdAt, now) > staleDays) {
    warnings.push({
      code: 'stale',
      message: `Your newest verified copy is ${daysBetween(newestVerified.createdAt, now)} days old (the limit is ${staleDays}).`,
      nextStep: `Make a fresh archive: ${fresh}.`,
    });
  } else if (!newestVerified && verified.length) {
    warnings.push({
      code: 'stale',
      message: "Your verified copies are dated in the future (this computer's clock was ahead when they were made), so how old they are is unknown.",
      nextStep: `Make a fresh archive: ${fresh}.`,
    });
  }
  if (currentPlaces.length === 1) {
    warnings.push({ code: 'single-place', message: `Only ${currentPlaces[0]} holds an up-to-date copy. ${RULE_3_2_1}`, nextStep: 'Archive to a second stick or folder, and keep one away from home.' });
  }
  for (const c of copies) {
    if (!c.failure && (c.state === 'incomplete' || c.state === 'damaged') && (demo || !c.demo)) {
      warnings.push({
        code: 'not-restorable',
        path: c.path,
        message: `The copy on ${c.place.label} made ${c.createdAt.slice(0, 10)} is ${c.state}: it cannot bring all your identities back.`,
        nextStep: c.nextStep!,
      });
    }
  }
  for (const c of copies) {
    if (c.failure && (demo || !c.demo)) {
      warnings.push({ code: 'failed', path: c.path, message: `The copy on ${c.place.label} made ${c.createdAt.slice(0, 10)} failed its last check: ${c.failure.message}`, nextStep: c.nextStep! });
    }
  }

  const unsealed = own.filter((c) => c.formatVersion === 1).length;
  if (unsealed > 0) {
    warnings.push({
      code: 'unsealed',
      message: `${unsealed === 1 ? '1 copy is' : `${unsealed} copies are`} in the old format 1: readable by anyone who finds the stick. Reseal them.`,
      nextStep: 'Open each in Inspect and choose "Reseal with my words" (or run idbox reseal), then keep the sealed copy.',
    });
  }
  if (backup.sealing === false) {
    warnings.push({
      code: 'words-needed',
      message: 'Automatic archives of this backup are not sealed yet: this app needs your 24 words once to seal them to you. Until then they are written in format 1.',
      nextStep: 'Choose "Archive", pick "Use different words" and type your 24 words once.',
    });
  }
  // The demo shows what the app would say about a real backup, but nothing in it needs doing.
  if (demo) for (const w of warnings) w.nextStep = DEMO_NEXT_STEP;
  const headline = headlineFor(currentPlaces, backup.box, own.length, warnings, fresh);
  const tone: Tone =
    backup.box === 'demo-stopped' && currentPlaces.length === 0 ? 'neutral' : currentPlaces.length >= 2 ? (warnings.length ? 'warn' : 'good') : currentPlaces.length === 1 ? 'warn' : 'bad';
  const boxView =
    backup.box === 'unknown' || backup.box === 'demo-stopped'
      ? { state: backup.box, checkedAt: null }
      : { state: 'notFound' in backup.box ? ('not-found' as const) : ('checked' as const), checkedAt: backup.box.checkedAt };
  return { backupRef: backup.backupRef, backupIdPrefix: backup.backupIdPrefix, demo, box: boxView, headline, tone, currentPlaces, warnings, copies, unsealed };
}

function withoutDigest(c: CopyInput): Omit<CopyInput, 'digest'> {
  const { digest: _digest, ...rest } = c;
  return rest;
}

function headlineFor(places: string[], box: BoxDigestState, ownCopies: number, warnings: CopiesWarning[], fresh: string): string {
  if (places.length > 0) return `${places.length} up-to-date ${places.length === 1 ? 'copy' : 'copies'}: ${joinLabels(places)}`;
  if (ownCopies === 0) return 'No offline copy yet: archive your backup to a USB stick.';
  if (box === 'demo-stopped') return 'The demo box is not running. Start the demo to check it.';
  if (box === 'unknown') return "Your box could not be asked whether its backup changed: connect to it to check your copies.";
  if ('notFound' in box) return 'Your box no longer holds this backup: keep your copies safe, they may be the only ones.';
  if (warnings.some((w) => w.code === 'box-changed')) return `${BOX_CHANGED}: ${fresh}, to copy the new backup.`;
  if (warnings.some((w) => w.code === 'not-restorable')) return "No complete up-to-date copy: your box's backup is incomplete or damaged. Make a new backup on your phone, then archive again.";
  return 'No verified up-to-date copy: choose "Verify all copies now", or make a fresh archive.';
}

/** Everything the Home headline and the Copies screen show. */
export function summarizeCopies(input: CopiesInput): CopiesView {
  const groups = new Map<string, CopyInput[]>();
  for (const c of distinctPlaceLabels(input.copies)) groups.set(c.backupRef, [...(groups.get(c.backupRef) ?? []), c]);
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
  const seen = seenBackups(input.seen ?? [], input.now);
  const main = backups.find((b) => !b.demo);
  if (main) return { headline: main.headline, tone: main.tone, backups, seen, headlineOf: main.backupRef };
  // Only the demo so far: its copies are shown as the demo's, never as the user's.
  const demo = backups.find((b) => b.copies.length > 0);
  return demo
    ? { headline: `Demo backup: ${demo.headline}`, tone: demo.tone, backups, seen, headlineOf: demo.backupRef }
    : { headline: 'No offline copy of your own backup yet: archive it to a USB stick.', tone: 'neutral', backups, seen, headlineOf: null };
}

function seenBackups(inputs: SeenInput[], now: string): SeenBackup[] {
  const groups = new Map<string, SeenBackup>();
  for (const s of distinctPlaceLabels(inputs)) {
    const group = groups.get(s.backupRef) ?? { backupRef: s.backupRef, backupIdPrefix: s.backupIdPrefix, copies: [] };
    group.copies.push({ path: s.path, place: s.place, attached: s.attached, createdAt: s.createdAt });
    groups.set(s.backupRef, group);
  }
  for (const g of groups.values()) g.copies.sort(byNewest(now));
  return [...groups.values()];
}
