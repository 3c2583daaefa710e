import { describe, expect, it } from 'vitest';
import { explainReport, fileRole } from './explain';
import { REPORT_VERSION, type Report } from './report';

const report = (over: Partial<Report>): Report => ({
  reportVersion: REPORT_VERSION,
  path: '/media/STICK/idbox-AAAAAAAA-20260101T000000Z.idbox',
  kind: 'archive',
  status: 'ok',
  format: 'idbox-archive',
  formatVersion: 1,
  createdAt: '2026-01-01T00:00:00.000Z',
  appVersion: '0.1.0',
  sourceBox: null,
  backupId: 'AAAAAAAA',
  size: 1000,
  files: [],
  pems: [],
  didDocuments: 0,
  problems: [],
  ...over,
});

describe('explainReport', () => {
  it('a damaged key file: names it, says the archive cannot be restored, offers a fresh archive and the other copies', () => {
    const e = explainReport(
      report({ status: 'corrupt', problems: [{ code: 'checksum-mismatch', message: 'damaged', path: '1795710045784rzVlTn8z2iCvYw.pem' }] }),
      2,
    );
    expect(e.restorable).toBe(false);
    expect(e.meaning).toMatch(/^1 file is damaged, so this archive cannot be restored/);
    expect(e.affected).toEqual([{ path: '1795710045784rzVlTn8z2iCvYw.pem', role: "a key file (one identity's encrypted key)" }]);
    expect(e.next[0]).toMatch(/Make a fresh archive/);
    expect(e.next[1]).toBe('Use your other copy: 2 other archives of this backup are listed below.');
  });

  it('with no other copy known, it says so without pointing at a list that is not there', () => {
    const e = explainReport(report({ status: 'corrupt', problems: [{ code: 'checksum-mismatch', message: 'x', path: 'backup' }] }), 0);
    expect(e.next.join(' ')).not.toMatch(/listed below/);
    expect(e.affected[0]?.role).toMatch(/encrypted bundle/);
  });

  it('a missing bundle means nothing can be restored', () => {
    const e = explainReport(report({ status: 'incomplete', problems: [{ code: 'bundle-missing', message: 'x', path: 'backup' }] }), 0);
    expect(e.meaning).toMatch(/nothing can be restored/);
  });

  it('something that is not an archive is told what to choose instead, not that it is cut short', () => {
    const e = explainReport(report({ status: 'invalid', problems: [{ code: 'not-an-archive', message: 'This is not an Identity Box archive: x' }] }), 0);
    expect(e.meaning).toMatch(/^This is not an Identity Box archive/);
    expect(e.next).toEqual([expect.stringMatching(/\.idbox file whose name starts with "idbox-"/)]);
  });

  it('an intact archive can be restored and needs no next step', () => {
    expect(explainReport(report({}), 0)).toMatchObject({ restorable: true, next: [] });
  });

  it('names each kind of file a box writes', () => {
    expect(fileRole('did-docs/Qm1')).toMatch(/DID document/);
    expect(fileRole('x.txt')).toMatch(/does not write/);
  });
});
