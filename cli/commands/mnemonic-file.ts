import { readSmallRegularFile } from '../../services/archive/plain-path';
import { backupIdFromMnemonic, isBackupId } from '../../shared/backup-id';
import { AppError } from '../../shared/errors';
import { checkMnemonic, type UnknownWord } from '../../shared/mnemonic';
import { ageIdentity, ageRecipient, sealSecretFromBackupKey } from '../../shared/archive/seal-key';

export interface WordsFromFile {
  backupId: string;
  entropy: Uint8Array;
  /** The age identity that opens the archive's sealed key files (secret). */
  sealIdentity: string;
  /** Its public key, which seals them. */
  recipient: string;
}

/** Reads the 24 words from a file and returns what they give (id, backup key, seal keys); the words go nowhere else. */
export async function backupIdFromMnemonicFile(file: string): Promise<WordsFromFile> {
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
    {
      const secret = sealSecretFromBackupKey(check.entropy);
      return { backupId: backupIdFromMnemonic(check.canonical), entropy: check.entropy, sealIdentity: ageIdentity(secret), recipient: ageRecipient(secret) };
    }
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

/** The backup id from exactly one of `--mnemonic-file` or `--backup-id` (pull, box versions). */
export async function backupIdFromOptions(opts: { mnemonicFile?: string; backupId?: string }): Promise<string> {
  if (Boolean(opts.mnemonicFile) === Boolean(opts.backupId)) throw new AppError('invalid-request', 'Give exactly one of --mnemonic-file or --backup-id.');
  const backupId = opts.backupId ?? (await backupIdFromMnemonicFile(opts.mnemonicFile!)).backupId;
  if (!isBackupId(backupId)) throw new AppError('invalid-request', 'That is not a backup id (86 characters of A-Z, a-z, 0-9, - and _).');
  return backupId;
}

/** `--version N`: a kept copy's number as `idbox box versions` lists it. */
export function keptVersion(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1_000_000_000) throw new AppError('invalid-request', '--version must be the number of a kept copy, as "idbox box versions" lists it (1, 2, 3…).');
  return n;
}

/** "Word 7 in the words file is not a passphrase word. Did you mean clean, clear, claim or clap?": the app's suggestions, never the word typed. */
function unknownWordSentence(u: UnknownWord): string {
  const said = `Word ${u.position} in the words file is not a passphrase word.`;
  if (!u.suggestions.length) return said;
  const list = u.suggestions.length === 1 ? u.suggestions[0]! : `${u.suggestions.slice(0, -1).join(', ')} or ${u.suggestions.at(-1)!}`;
  return `${said} Did you mean ${list}?`;
}
