import { describe, expect, it } from 'vitest';
import { backupPlaceOf, isBackupPath, unsafeNameReason } from './backup-path';

describe('the one name rule for a backup folder', () => {
  it('carries key files named after any display name a person typed', () => {
    for (const name of ["Zoë's phone", '山田 太郎', '📱 Tel', 'Renée, Work', 'Ирина', '.hidden', 'a'.repeat(251), '1571676385721O3etAS4D5X6Yuw']) {
      expect(isBackupPath(`${name}.pem`), name).toBe(true);
    }
    expect(backupPlaceOf('backup')).toBe('bundle');
    expect(backupPlaceOf('did-docs/QmSomeIpnsName')).toBe('did-document');
    expect(backupPlaceOf('did-docs/Zoë')).toBe('did-document');
  });

  it('refuses only names that are not one safe path component, and says why', () => {
    expect(unsafeNameReason('a/b.pem')).toMatch(/slash/);
    expect(unsafeNameReason('a\\b.pem')).toMatch(/slash/);
    expect(unsafeNameReason('a\u0000b.pem')).toMatch(/control/);
    expect(unsafeNameReason('tab\there.pem')).toMatch(/control/);
    expect(unsafeNameReason('c1\u0085.pem')).toMatch(/control/);
    expect(unsafeNameReason('.')).toMatch(/"\."/);
    expect(unsafeNameReason('..')).toMatch(/"\.\."/);
    expect(unsafeNameReason('\ud800x.pem')).toMatch(/UTF-8/);
    expect(unsafeNameReason('山'.repeat(84) + '.pem')).toMatch(/255 bytes/); // 252 + 4 bytes
    expect(unsafeNameReason('山'.repeat(83) + '.pem')).toBeNull(); // 249 + 4 bytes
    expect(isBackupPath('did-docs/..')).toBe(false);
    expect(isBackupPath('did-docs/a/b')).toBe(false);
    expect(isBackupPath('../x.pem')).toBe(false);
    expect(isBackupPath('notes.txt')).toBe(false);
    expect(isBackupPath('self.pem')).toBe(false);
  });
});
