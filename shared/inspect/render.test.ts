import { describe, expect, it } from 'vitest';
import { keyFilesPhrase, reportToHtml, reportToText } from './render';
import { REPORT_VERSION, type Report } from './report';

const file = (path: string) => ({ path, size: 2116, sha256: 'a'.repeat(64), ok: true });
const sealed: Report = {
  reportVersion: REPORT_VERSION,
  path: '/media/STICK/idbox-VBZLV0cZ-20261207T123604Z.idbox',
  kind: 'archive',
  status: 'ok',
  format: 'idbox-archive',
  formatVersion: 2,
  createdAt: '2026-12-07T12:36:04.000Z',
  appVersion: '0.1.0',
  sourceBox: null,
  backupId: 'VBZLV0cZ',
  keyFilesSealed: true,
  size: 54784,
  files: [file('Personal.pem'), file('Work.pem'), file('backup'), file('did-docs/Qm1')],
  pems: [],
  didDocuments: 1,
  problems: [],
};

describe('the key files of a sealed archive', () => {
  it('are counted from its file list, never reported as "0 key files" (they are there, only sealed)', () => {
    expect(keyFilesPhrase(sealed)).toBe('2 sealed key files');
    const text = reportToText(sealed);
    expect(text).toContain('4 files, 2 sealed key files, 1 DID documents');
    expect(text).not.toContain('0 key files');
  });

  it('a readable (format 1) archive counts the key files it read', () => {
    expect(keyFilesPhrase({ ...sealed, keyFilesSealed: undefined, pems: [] })).toBe('0 key files');
  });

  it('name the backup "Backup", not "Backup id": for a sealed archive the 8 characters are its fingerprint', () => {
    expect(reportToText(sealed)).toMatch(/^ {2}Backup: {6}VBZLV0cZ…$/m);
    expect(reportToText(sealed)).not.toContain('Backup id');
    expect(reportToHtml([sealed])).toContain('<dt>Backup</dt><dd>VBZLV0cZ…</dd>');
  });
});
