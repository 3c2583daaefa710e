import { readSmallRegularFile } from '../../services/archive/plain-path';
import { backupIdFromMnemonic } from '../../shared/backup-id';
import { AppError } from '../../shared/errors';
import { checkMnemonic, type UnknownWord } from '../../shared/mnemonic';

/** Reads the 24 words from a file and returns the backup id; the words go nowhere else. */
export async function backupIdFromMnemonicFile(file: string): Promise<{ backupId: string; entropy: Uint8Array }> {
  // A words file is a few hundred bytes; a device or a FIFO named here is refused, not read.
  const text = await readSmallRegularFile(file, 16 * 1024).then(
    (b) => b.toString('utf8'),
    (err: unknown) => {
      throw new AppError('not-found', `The words file "${file}" cannot be read${err instanceof AppError && err.detail?.reason ? ': it is not a small plain file' : ''}.`);
    },
  );
  const check = checkMnemonic(text);
  switch (check.status) {
    case 'valid':
      return { backupId: backupIdFromMnemonic(check.canonical), entropy: check.entropy };
    case 'empty':
      throw new AppError('mnemonic-invalid', 'The words file is empty.');
    case 'unknown-words':
      throw new AppError('mnemonic-invalid', check.unknown.map(unknownWordSentence).join(' '));
    case 'wrong-count':
      throw new AppError('mnemonic-invalid', `The words file has ${check.count} words; it needs ${check.expected}.`);
    case 'checksum-mismatch':
      throw new AppError('mnemonic-invalid', 'The words in the file do not add up (checksum): one word is probably wrong.');
  }
}

/** "Word 7 in the words file is not a passphrase word. Did you mean clean, clear, claim or clap?": the app's suggestions, never the word typed. */
function unknownWordSentence(u: UnknownWord): string {
  const said = `Word ${u.position} in the words file is not a passphrase word.`;
  if (!u.suggestions.length) return said;
  const list = u.suggestions.length === 1 ? u.suggestions[0]! : `${u.suggestions.slice(0, -1).join(', ')} or ${u.suggestions.at(-1)!}`;
  return `${said} Did you mean ${list}?`;
}
