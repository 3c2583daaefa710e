import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeSettings, readSettings } from './settings';
import { createUploads, limitsFrom } from './uploads';

const home = mkdtempSync(join(tmpdir(), 'idbox-settings-'));
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('backup-service start settings', () => {
  it('IDBOX_BACKUP wins; without it $HOME/backups when it exists; otherwise one sentence naming what to set', () => {
    expect(readSettings({ IDBOX_BACKUP: '/data', HOME: home })).toMatchObject({ backupRoot: '/data', source: 'IDBOX_BACKUP', idleMinutes: 10, versionsKept: 5 });
    const none = readSettings({ HOME: home });
    expect(none).toEqual({ problem: expect.stringMatching(/^IDBOX_BACKUP is not set and .*backups does not exist: set IDBOX_BACKUP in ecosystem\.config\.cjs/) });
    mkdirSync(join(home, 'backups'));
    const found = readSettings({ HOME: home });
    expect(found).toMatchObject({ backupRoot: join(home, 'backups'), source: 'home' });
    expect(describeSettings(found as never)).toContain('IDBOX_BACKUP is not set; using $HOME/backups');
  });

  it('refuses a setting that is not a number in range, naming it', () => {
    expect(readSettings({ IDBOX_BACKUP: '/d', IDBOX_VERSIONS_KEPT: '0' })).toEqual({ problem: expect.stringMatching(/^IDBOX_VERSIONS_KEPT must be/) });
    expect(readSettings({ IDBOX_BACKUP: '/d', IDBOX_UPLOAD_IDLE_MINUTES: 'soon' })).toEqual({ problem: expect.stringMatching(/^IDBOX_UPLOAD_IDLE_MINUTES must be/) });
  });
});

describe('upload byte counting', () => {
  it('counts a slice sent twice once, and finds a hole wherever it is', () => {
    const uploads = createUploads(home, limitsFrom({}), Date.now, () => {});
    const u = uploads.start('abcdefgh', 'A'.repeat(86), join(home, 'stage'), [{ path: 'backup', size: 100, sha256: '0'.repeat(64) }], false);
    uploads.received(u, 'backup', 0, 40);
    uploads.received(u, 'backup', 60, 40);
    expect(uploads.firstHole(u)).toBe('backup');
    uploads.received(u, 'backup', 20, 30); // a resent, overlapping slice
    expect(uploads.firstHole(u)).toBe('backup');
    uploads.received(u, 'backup', 50, 10);
    expect(uploads.firstHole(u)).toBeNull();
    expect(u.ranges.get('backup')).toEqual([[0, 100]]);
  });
});
