import type { AppErrorData, ErrorCode } from '../shared/errors';

export interface ErrorText {
  /** A short heading in plain words. */
  title: string;
  /** What the person can do next. */
  next: string;
}

/** Every error code has a heading and a next step; the service supplies the specific sentence. */
const TEXT: Record<ErrorCode, ErrorText> = {
  'invalid-request': { title: 'The app sent something it should not have', next: 'Go back and try again. If it keeps happening, restart the app.' },
  internal: { title: 'Something went wrong inside the app', next: 'Nothing was changed. Try again; if it happens again, restart the app.' },
  cancelled: { title: 'Cancelled', next: 'You can start again whenever you like.' },
  unsupported: { title: 'Not available here', next: 'Use the other option offered on this screen.' },
  'not-found': { title: 'File or folder not found', next: 'Check the path, or choose the file again.' },
  'path-invalid': { title: 'That path cannot be used', next: 'Type the full path of the folder, starting with / or ~.' },
  'permission-denied': { title: 'Access was refused', next: 'Check that you may read (or write) this place, then try again.' },
  'box-url-invalid': { title: 'That box address does not look right', next: 'It looks like http://192.168.1.28:3100 — the address your box shows next to its QR code.' },
  'box-unreachable': { title: 'Your box did not answer', next: 'Is it switched on and on the same network as this computer? Check the address and try again.' },
  'box-not-rendezvous': { title: 'That address is not an Identity Box', next: 'Something answered, but not an Identity Box. Check the address and the port (usually 3100).' },
  'box-timeout': { title: 'Your box took too long to answer', next: 'Wait a minute and try again. If it keeps happening, restart the box.' },
  'service-missing': { title: 'The backup service is not installed on your box', next: 'Install the Identity Box Companion backup service on the box with the steps below, then check again.' },
  'service-not-answering': { title: 'The box answered, but its backup service did not', next: 'The backup service may be stopped. Restart it (or restart the box), then try again.' },
  'backup-not-found': { title: 'No backup for these words on this box', next: 'Check that you typed the words of the backup made on this box, or that the phone has made a backup yet.' },
  'backup-exists-different': { title: 'The box already has a different copy of this backup', next: 'Choose whether to replace it. Nothing has been changed yet.' },
  'box-error': { title: 'The box reported a problem', next: 'Try again. If it keeps happening, restart the box.' },
  'box-reply-invalid': { title: 'The box sent an answer we could not understand', next: 'The box software may be too old or too new for this app. Try again, or update the box.' },
  // What the lost connection left (nothing written; the box as it was) is said by the operation, which knows.
  'box-connection-lost': { title: 'The connection to your box was lost', next: 'Check that your box is on and on the same network, then try again.' },
  'box-busy': { title: 'Another program is using your box', next: 'Another program on this computer (an idbox command, or automatic archiving) kept the box busy. Let it finish, then try again.' },
  'lock-unusable': { title: "This computer's lock for the box cannot be used", next: 'The box itself is fine. Remove the file or folder named above (it needs an administrator), then try again.' },
  'file-not-carried': { title: 'A file of your backup could not be copied', next: 'Nothing was written. Ask support to rename that key file on the box, then archive again.' },
  'archive-invalid': { title: 'This is not a readable backup archive', next: 'Choose another archive. If this was your only copy, keep the file and ask support to inspect it.' },
  'archive-incomplete': { title: 'This archive is incomplete', next: 'Use another copy if you have one. Keep this file: support can inspect it.' },
  'archive-unreadable': { title: 'The archive could not be read any more', next: 'Plug the stick in again (or check that the archive is still where it was), then start again.' },
  'archive-corrupt': { title: 'This archive is damaged', next: 'Use another copy if you have one. Keep this file: support can inspect it.' },
  'destination-missing': { title: 'The destination is not there', next: 'If it was on a stick, plug the stick in again; otherwise choose another folder.' },
  'destination-read-only': { title: 'We cannot write to this place', next: 'The stick or folder is read-only. Check its lock switch, or choose another place.' },
  'destination-full': { title: 'There is not enough free space', next: 'Free some space on the stick or choose another place. Your earlier archives are untouched.' },
  'destination-removed': { title: 'The stick was removed while writing', next: 'Plug it in again and start over. Your earlier archives are untouched and no half file was left.' },
  'write-failed': { title: 'Writing the archive failed', next: 'Your earlier archives are untouched. Try again, or choose another place.' },
  'not-recorded': { title: 'Archived and verified, not yet on the list', next: "Nothing is lost: the archive is safe where it is. Free some space on this computer's disk; the app adds the archive to its list when it next starts." },
  'verify-failed': { title: 'The archive did not read back correctly', next: 'The stick may be failing. The damaged copy was removed; try another stick.' },
  'eject-failed': { title: 'The stick could not be ejected', next: 'Close any window showing the stick and try again. The archive is already safely written.' },
  'mnemonic-invalid': { title: 'These words are not a valid passphrase', next: 'Check each word against your written copy.' },
  'mnemonic-mismatch': { title: 'These words belong to a different backup', next: 'Check you are using the words written down for this backup.' },
};

export function describeError(error: AppErrorData): ErrorText & { message: string } {
  return { ...TEXT[error.code], message: error.message };
}

const words = (text: string) => text.toLowerCase().replace(/[^a-z0-9 ]+/g, ' ').replace(/\s+/g, ' ').trim();
/** Sentences end at . ? or ! followed by a space (or the end): an address such as http://192.168.1.28:3100 is not cut up. */
const sentences = (text: string) => text.split(/(?<=[.?!])\s+/u).map((x) => x.trim()).filter(Boolean);

/**
 * The lines of an error panel without saying anything twice: the heading, the service's sentence
 * (dropped when it only repeats the heading) and the next step without the sentences the message
 * already said ("Is it switched on and on the same network?" appears once).
 */
export function errorLines(text: { title: string; message: string; next: string }): { title: string; message: string; next: string } {
  const said = words(`${text.title} ${text.message}`);
  // A message, or its first sentence, that only repeats the heading adds nothing ("Cancelled" over "Cancelled. Nothing was written…").
  const message = sentences(text.message)
    .filter((s, i) => !(i === 0 && words(s) === words(text.title)))
    .join(' ');
  const next = sentences(text.next)
    .filter((s) => {
      const w = words(s);
      // Drop a sentence whose first words the message already said ("Is it switched on and on the same network").
      const head = w.split(' ').slice(0, 6).join(' ');
      return !(head.split(' ').length >= 4 && said.includes(head));
    })
    .join(' ');
  return { title: text.title, message, next };
}
