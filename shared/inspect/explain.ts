import { plural } from '../plural';
import type { Report } from './report';

/** What a file in a backup is, for a person. */
export function fileRole(path: string): string {
  if (path === 'backup') return 'the encrypted bundle (all your identities and contacts)';
  if (path.endsWith('.pem')) return "a key file (one identity's encrypted key)";
  if (path.startsWith('did-docs/')) return "a DID document (one identity's public record)";
  return 'a file the box does not write';
}

export interface Explanation {
  /** One sentence: what the status means for the owner. */
  meaning: string;
  /** Whether this app would restore it as it is. */
  restorable: boolean;
  /** The files with a problem, each with what it is. */
  affected: { path: string; role: string }[];
  /** What to do next, most useful first. */
  next: string[];
}

const NOT_OURS = 'Choose the archive itself: an .idbox file whose name starts with "idbox-", or a backup folder copied off a box.';

/**
 * What a report means and what to do about it. The restore screen refuses any archive whose files
 * do not all match, so anything but `ok` cannot be restored as it is.
 */
export function explainReport(report: Report, otherCopies: number): Explanation {
  const affected = [...new Set(report.problems.filter((p) => p.path && p.code !== 'pem-unexpected-params' && p.code !== 'mnemonic-mismatch').map((p) => p.path!))].map((path) => ({ path, role: fileRole(path) }));
  const copies =
    otherCopies > 0
      ? `Use your other copy: ${plural(otherCopies, 'other archive')} of this backup ${otherCopies === 1 ? 'is' : 'are'} listed below.`
      : 'Use another copy if you have one (a second stick, another folder).';
  const fresh = 'Make a fresh archive from your box while the box still has this backup.';
  switch (report.status) {
    case 'ok':
      return { meaning: 'Every file is there and matches its checksum: this archive can be restored.', restorable: true, affected, next: [] };
    case 'incomplete': {
      const bundleGone = report.problems.some((p) => p.code === 'bundle-missing');
      return {
        meaning: bundleGone
          ? 'The encrypted bundle is missing, so nothing can be restored from this archive.'
          : 'Files are missing, so restoring this archive would bring back an incomplete backup; this app does not restore it.',
        restorable: false,
        affected,
        next: [fresh, copies, 'Keep this file: support can inspect it.'],
      };
    }
    case 'corrupt':
      return {
        meaning: `${affected.length > 0 ? `${plural(affected.length, 'file')} ${affected.length === 1 ? 'is' : 'are'} damaged` : 'Some content is damaged'}, so this archive cannot be restored as it is: a damaged key or bundle could lose an identity.`,
        restorable: false,
        affected,
        next: [fresh, copies, 'If this keeps happening on the same stick, the stick may be failing: use another one.'],
      };
    case 'invalid': {
      const problem = report.problems[0];
      if (problem?.code === 'not-an-archive') return { meaning: problem.message, restorable: false, affected: [], next: [NOT_OURS] };
      if (problem?.code === 'unreadable' && /^No file or folder/.test(problem.message)) {
        return { meaning: problem.message, restorable: false, affected: [], next: ['Check the path for a typing mistake, or plug in the stick the archive is on.'] };
      }
      return {
        meaning: 'This archive cannot be read as a whole (it may be cut short by an interrupted copy), so it cannot be restored.',
        restorable: false,
        affected,
        next: [copies, fresh, 'Keep this file: support can inspect it.'],
      };
    }
  }
}
