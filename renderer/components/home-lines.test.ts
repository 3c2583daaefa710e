import { describe, expect, it } from 'vitest';
import type { CopiesView } from '../../shared/contract/copies';
import { homeLines } from './CopiesHeadline';

const backup = (prefix: string, headline: string, tone: CopiesView['tone'], demo = false): CopiesView['backups'][number] => ({
  backupRef: prefix.repeat(8),
  backupIdPrefix: prefix,
  demo,
  box: { state: 'checked', checkedAt: '2026-12-07T10:00:00.000Z' },
  headline,
  tone,
  currentPlaces: [],
  warnings: [],
  copies: [],
});

describe("Home's copies lines", () => {
  it('with two backups of their own, says which backup each line is about, in the worst tone', () => {
    const view: CopiesView = {
      headline: '2 up-to-date copies: KINGSTON and Backups',
      tone: 'good',
      backups: [backup('x7TIxWkA', '2 up-to-date copies: KINGSTON and Backups', 'good'), backup('KeJUDRCn', '1 up-to-date copy: turn3stick', 'warn'), backup('S-7PLZWw', 'x', 'bad', true)],
      headlineOf: null,
      staleDays: 30,
      checkedAt: '2026-12-07T10:00:00.000Z',
    };
    const h = homeLines(view);
    expect(h.lines.map((l) => l.text)).toEqual(['Backup x7TIxWkA…: 2 up-to-date copies: KINGSTON and Backups', 'Backup KeJUDRCn…: 1 up-to-date copy: turn3stick']);
    expect(h.tone).toBe('warn');
  });

  it('with one backup, the one headline as before', () => {
    const view: CopiesView = { headline: '1 up-to-date copy: KINGSTON', tone: 'warn', backups: [backup('x7TIxWkA', '1 up-to-date copy: KINGSTON', 'warn')], headlineOf: null, staleDays: 30, checkedAt: '2026-12-07T10:00:00.000Z' };
    expect(homeLines(view)).toEqual({ tone: 'warn', lines: [{ text: '1 up-to-date copy: KINGSTON', warnings: 0 }] });
  });
});
