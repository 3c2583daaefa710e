import { describe, expect, it } from 'vitest';
import { DEMO_NEXT_STEP, summarizeCopies, type CopyInput } from './model';

const NOW = '2026-11-26T12:00:00.000Z';
const CURRENT = 'c'.repeat(64);
const OLD = 'o'.repeat(64);
const ref = 'r'.repeat(64);
const kingston = { id: 'vol:K', label: 'KINGSTON', kind: 'stick' as const };
const sandisk = { id: 'vol:S', label: 'SANDISK', kind: 'stick' as const };
const folder = { id: 'dev:1', label: 'Backup folder', kind: 'folder' as const };

function copy(over: Partial<CopyInput> = {}): CopyInput {
  return {
    path: `/media/${over.place?.label ?? 'KINGSTON'}/a-${Math.random()}.idbox`,
    place: kingston,
    attached: false,
    backupRef: ref,
    backupIdPrefix: 'abcdefgh',
    createdAt: '2026-11-25T12:00:00.000Z',
    digest: CURRENT,
    verifiedAt: '2026-11-25T12:00:00.000Z',
    failure: null,
    demo: false,
    content: 'ok',
    ...over,
  };
}
const box = { digest: CURRENT, checkedAt: NOW };
const view = (copies: CopyInput[], b: Parameters<typeof summarizeCopies>[0]['backups'][number]['box'] = box, staleDays = 30) =>
  summarizeCopies({ copies, backups: [{ backupRef: ref, backupIdPrefix: 'abcdefgh', box: b, demo: false }], now: NOW, staleDays });

describe('copies headline', () => {
  it('counts places, not archives: two archives on one stick and one in a folder are 2 copies', () => {
    const v = view([copy(), copy({ createdAt: '2026-11-24T12:00:00.000Z' }), copy({ place: folder })]);
    expect(v.headline).toBe('2 up-to-date copies: KINGSTON and Backup folder');
    expect(v.tone).toBe('good');
    expect(v.backups[0]!.warnings).toEqual([]);
  });

  it("never counts demo archives as copies of the user's backup, and says what to do", () => {
    const demoRef = 'd'.repeat(64);
    const demoCopies = [copy({ backupRef: demoRef, demo: true }), copy({ backupRef: demoRef, place: sandisk, demo: true })];
    const own = summarizeCopies({
      copies: demoCopies,
      backups: [{ backupRef: ref, backupIdPrefix: 'abcdefgh', box, demo: false }, { backupRef: demoRef, backupIdPrefix: 'demodemo', box, demo: true }],
      now: NOW,
      staleDays: 30,
    });
    expect(own.headline).toBe('No offline copy yet: archive your backup to a USB stick.');
    expect(own.tone).toBe('bad');
    // With only the demo remembered, its own copies are shown, labelled as the demo's.
    const demoOnly = summarizeCopies({ copies: demoCopies, backups: [{ backupRef: demoRef, backupIdPrefix: 'demodemo', box, demo: true }], now: NOW, staleDays: 30 });
    expect(demoOnly.headline).toBe('Demo backup: 2 up-to-date copies: KINGSTON and SANDISK');
  });

  it("shows the demo's warnings as the app would give them, but never asks the person to act on the demo", () => {
    const demoRef = 'd'.repeat(64);
    const v = summarizeCopies({ copies: [copy({ backupRef: demoRef, demo: true })], backups: [{ backupRef: demoRef, backupIdPrefix: 'demodemo', box, demo: true }], now: NOW, staleDays: 30 });
    const [warning] = v.backups[0]!.warnings;
    expect(warning).toMatchObject({ code: 'single-place', nextStep: DEMO_NEXT_STEP });
    // The same copy of a real backup asks for a second place.
    expect(view([copy()]).backups[0]!.warnings[0]!.nextStep).toBe('Archive to a second stick or folder, and keep one away from home.');
  });

  it('does not count an unverified or failed copy', () => {
    const v = view([copy({ verifiedAt: null }), copy({ place: folder, failure: { at: NOW, message: 'a checksum did not match.' } })]);
    expect(v.backups[0]!.currentPlaces).toEqual([]);
    expect(v.headline).toMatch(/No verified up-to-date copy/);
  });

  it('marks every copy "older" and warns once the box changed since every copy', () => {
    const v = view([copy(), copy({ place: folder })], { digest: 'n'.repeat(64), checkedAt: NOW });
    expect(v.backups[0]!.copies.map((c) => c.state)).toEqual(['older', 'older']);
    expect(v.backups[0]!.warnings.map((w) => w.code)).toEqual(['box-changed']);
    expect(v.headline).toMatch(/^Box changed since your last copy: /);
    expect(v.backups[0]!.copies[0]!.nextStep).toMatch(/fresh archive on KINGSTON/);
  });

  it('says "unknown" rather than guessing when the box cannot be asked', () => {
    const v = view([copy()], 'unknown');
    expect(v.backups[0]!.copies[0]!.state).toBe('unknown');
    expect(v.backups[0]!.warnings.map((w) => w.code)).not.toContain('box-changed');
    expect(v.headline).toMatch(/could not be asked/);
  });

  it('an older archive beside an up-to-date one on the same stick asks for nothing; an older one alone asks for a fresh archive', () => {
    const v = view([copy(), copy({ createdAt: '2026-11-20T12:00:00.000Z', digest: OLD }), copy({ place: sandisk, digest: OLD })]);
    const [current, sandiskOld, kingstonOld] = v.backups[0]!.copies;
    expect(current!.nextStep).toBeNull();
    expect(kingstonOld!.state).toBe('older');
    expect(kingstonOld!.nextStep).toBe('An earlier version, kept on purpose: KINGSTON also holds an up-to-date copy. Nothing to do.');
    expect(sandiskOld!.nextStep).toBe('Make a fresh archive on SANDISK.');
    // The row that asks for a fresh archive is the row that offers it; the kept earlier version does not.
    expect(v.backups[0]!.copies.map((c) => c.freshArchive)).toEqual([false, true, false]);
  });

  it('a box changed since copies in folders only never asks to plug in a stick', () => {
    const v = view([copy({ place: folder })], { digest: 'n'.repeat(64), checkedAt: NOW });
    const b = v.backups[0]!;
    expect(v.headline).toBe('Box changed since your last copy: choose "Archive" to archive again into Backup folder, to copy the new backup.');
    expect(b.warnings[0]!.nextStep).toBe('Choose "Archive" to archive again into Backup folder, to copy the new backup.');
    expect(b.copies[0]!.nextStep).toBe('Make a fresh archive in Backup folder.');
    expect(JSON.stringify(v)).not.toMatch(/stick/i);
  });

  it('a box changed since copies on a stick asks to plug it in', () => {
    const v = view([copy()], { digest: 'n'.repeat(64), checkedAt: NOW });
    expect(v.headline).toBe('Box changed since your last copy: plug in a remembered stick, or choose "Archive", to copy the new backup.');
  });

  it('an old copy in a folder asks for a fresh archive there, not for a stick', () => {
    const old = copy({ place: folder, createdAt: '2026-10-01T12:00:00.000Z', verifiedAt: '2026-10-01T12:00:00.000Z' });
    const stale = view([old]).backups[0]!.warnings.find((w) => w.code === 'stale')!;
    expect(stale.nextStep).toBe('Make a fresh archive: choose "Archive" to archive again into Backup folder.');
  });

  it('one current place: warns with the 3-2-1 habit in one sentence', () => {
    const v = view([copy(), copy({ place: folder, digest: OLD })]);
    expect(v.headline).toBe('1 up-to-date copy: KINGSTON');
    const w = v.backups[0]!.warnings.find((x) => x.code === 'single-place')!;
    expect(w.message).toMatch(/^Only KINGSTON holds an up-to-date copy\. The 3-2-1 habit: .*\.$/);
  });

  it('warns when the newest verified copy is older than the setting, and not before', () => {
    const old = copy({ createdAt: '2026-10-01T12:00:00.000Z', verifiedAt: '2026-11-20T12:00:00.000Z' });
    expect(view([old, copy({ ...old, place: folder })], box, 30).backups[0]!.warnings.map((w) => w.code)).toEqual(['stale']);
    expect(view([old, copy({ ...old, place: folder })], box, 60).backups[0]!.warnings).toEqual([]);
  });

  it('a copy dated in the future (made while the clock was ahead) does not silence the old-copy warning', () => {
    const old = copy({ createdAt: '2026-10-01T12:00:00.000Z', verifiedAt: '2026-10-01T12:00:00.000Z' });
    const ahead = copy({ place: folder, createdAt: '2027-11-01T12:00:00.000Z', verifiedAt: '2027-11-01T12:00:00.000Z' });
    const v = view([ahead, old, copy({ ...old, place: sandisk })], box, 30).backups[0]!;
    expect(v.warnings.find((w) => w.code === 'stale')?.message).toBe('Your newest verified copy is 56 days old (the limit is 30).');
    // Only future-dated copies: their age is unknown, and the person is told so.
    expect(view([ahead], box, 30).backups[0]!.warnings.find((w) => w.code === 'stale')?.message).toMatch(/dated in the future/);
  });

  it('flags a copy that failed its last check, with the next step for a stick', () => {
    const v = view([copy({ failure: { at: NOW, message: 'The file backup in this archive is damaged.' } }), copy({ place: folder }), copy({ place: sandisk })]);
    const failed = v.backups[0]!.warnings.find((w) => w.code === 'failed')!;
    expect(failed.message).toMatch(/KINGSTON .* failed its last check/);
    expect(failed.nextStep).toMatch(/fresh archive on KINGSTON.*stick may be failing/);
    expect(v.headline).toBe('2 up-to-date copies: SANDISK and Backup folder');
  });

  it('lists the remembered backup first even when only demo copies exist elsewhere, and never exposes digests', () => {
    const v = summarizeCopies({
      copies: [copy({ backupRef: 'd'.repeat(64), demo: true }), copy()],
      backups: [{ backupRef: ref, backupIdPrefix: 'abcdefgh', box }],
      now: NOW,
      staleDays: 30,
    });
    expect(v.backups.map((b) => b.demo)).toEqual([false, true]);
    expect(JSON.stringify(v)).not.toContain(CURRENT);
  });

  it('never counts an incomplete or damaged copy as up to date, even when it matches the box', () => {
    const v = view([copy({ content: 'incomplete' }), copy({ place: sandisk, content: 'corrupt' }), copy({ place: folder })]);
    const b = v.backups[0]!;
    expect(b.copies.map((c) => c.state).sort()).toEqual(['current', 'damaged', 'incomplete']);
    expect(b.currentPlaces).toEqual(['Backup folder']);
    expect(v.headline).toBe('1 up-to-date copy: Backup folder');
    const warning = b.warnings.find((w) => w.code === 'not-restorable' && /KINGSTON/.test(w.message))!;
    expect(warning.message).toMatch(/is incomplete: it cannot bring all your identities back/);
    expect(warning.nextStep).toMatch(/make a new backup to your box/);
    expect(view([copy({ content: 'incomplete' })]).headline).toMatch(/^No complete up-to-date copy/);
  });
});

describe('places on screen', () => {
  it('two places never read the same: a shared label gets what tells them apart', () => {
    const ssd = { id: 'disk:A', label: 'Backups', kind: 'folder' as const, detail: 'on Samsung SSD' };
    const hdd = { id: 'disk:B', label: 'Backups', kind: 'folder' as const, detail: 'on WD Elements' };
    const v = view([copy({ place: ssd }), copy({ place: hdd })]);
    expect(v.headline).toBe('2 up-to-date copies: Backups (on Samsung SSD) and Backups (on WD Elements)');
    const twins = view([copy({ place: { ...kingston, id: 'vol:1' } }), copy({ place: { ...kingston, id: 'vol:2' } })]);
    expect(new Set(twins.backups[0]!.currentPlaces).size).toBe(2);
  });

  it('one place keeps its plain name, however many archives it holds', () => {
    expect(view([copy(), copy()]).headline).toBe('1 up-to-date copy: KINGSTON');
  });

  it('a copy judged incomplete or damaged (the restorable verdict) never counts', () => {
    const v = view([copy(), copy({ place: sandisk, content: 'incomplete' }), copy({ place: folder, content: 'corrupt' })]);
    expect(v.headline).toBe('1 up-to-date copy: KINGSTON');
  });
});

describe("other people's backups seen on sticks", () => {
  it('are listed apart, grouped per backup, never counted and never in the headline', () => {
    const other = 'f'.repeat(64);
    const v = summarizeCopies({
      copies: [copy()],
      seen: [
        { path: '/media/CUSTOMER/a.idbox', place: { id: 'vol:C', label: 'CUSTOMER', kind: 'stick' }, attached: true, backupRef: other, backupIdPrefix: 'zzzzzzzz', createdAt: '2026-11-20T12:00:00.000Z' },
        { path: '/media/CUSTOMER/b.idbox', place: { id: 'vol:C', label: 'CUSTOMER', kind: 'stick' }, attached: true, backupRef: other, backupIdPrefix: 'zzzzzzzz', createdAt: '2026-11-21T12:00:00.000Z' },
      ],
      backups: [{ backupRef: ref, backupIdPrefix: 'abcdefgh', box, demo: false }],
      now: NOW,
      staleDays: 30,
    });
    expect(v.headline).toBe('1 up-to-date copy: KINGSTON');
    expect(v.backups).toHaveLength(1);
    expect(v.seen).toEqual([{ backupRef: other, backupIdPrefix: 'zzzzzzzz', copies: [expect.objectContaining({ path: '/media/CUSTOMER/b.idbox' }), expect.objectContaining({ path: '/media/CUSTOMER/a.idbox' })] }]);
  });
});

describe('format-1 copies (key files readable by anyone who finds them)', () => {
  it('are counted and named with the next step; sealed ones and unread ones are not', () => {
    const v = view([copy({ formatVersion: 1 }), copy({ place: folder, formatVersion: 1 }), copy({ place: sandisk, formatVersion: 2 }), copy({ formatVersion: null })]);
    const b = v.backups[0]!;
    expect(b.unsealed).toBe(2);
    const w = b.warnings.find((x) => x.code === 'unsealed')!;
    expect(w.message).toBe('2 copies are in the old format 1: readable by anyone who finds the stick. Reseal them.');
    expect(w.nextStep).toMatch(/Reseal/);
    // They still count as copies: a format-1 archive restores.
    expect(v.headline).toBe('3 up-to-date copies: KINGSTON, SANDISK and Backup folder');
  });

  it('a backup remembered before sealing says why the words are needed once', () => {
    const v = summarizeCopies({ copies: [copy({ formatVersion: 2 })], backups: [{ backupRef: ref, backupIdPrefix: 'abcdefgh', box, demo: false, sealing: false }], now: NOW, staleDays: 30 });
    const w = v.backups[0]!.warnings.find((x) => x.code === 'words-needed')!;
    expect(w.message).toMatch(/needs your 24 words once/);
    expect(v.backups[0]!.unsealed).toBe(0);
    const sealed = summarizeCopies({ copies: [copy({ formatVersion: 2 })], backups: [{ backupRef: ref, backupIdPrefix: 'abcdefgh', box, demo: false, sealing: true }], now: NOW, staleDays: 30 });
    expect(sealed.backups[0]!.warnings.map((x) => x.code)).not.toContain('words-needed');
  });
});

describe('the demo and places the table shows', () => {
  it('a demo that is not running is grey and asks to start it, never "could not be asked" in red', () => {
    const v = summarizeCopies({
      copies: [copy({ demo: true })],
      backups: [{ backupRef: ref, backupIdPrefix: 'abcdefgh', box: 'demo-stopped', demo: true }],
      now: NOW,
      staleDays: 30,
    });
    expect(v.headline).toBe('Demo backup: The demo box is not running. Start the demo to check it.');
    expect(v.tone).toBe('neutral');
    expect(v.backups[0]!.box.state).toBe('demo-stopped');
    expect(v.backups[0]!.copies[0]!.state).toBe('not-asked');
    expect(v.backups[0]!.warnings).toEqual([]);
  });

  it('nothing archived yet is a neutral start, not a red error', () => {
    expect(summarizeCopies({ copies: [], backups: [], now: NOW, staleDays: 30 }).tone).toBe('neutral');
  });

  it('two folders on one disk: the headline names both, as the table lists both up to date', () => {
    const dest6 = { id: 'dev:9', label: 'dest6', kind: 'folder' as const };
    const dest3 = { id: 'dev:9', label: 'dest3', kind: 'folder' as const };
    const v = view([copy({ place: dest6 }), copy({ place: dest3, createdAt: '2026-11-24T12:00:00.000Z' })]);
    expect(v.headline).toBe('1 up-to-date copy: dest6 (and dest3, on the same disk)');
  });
});
