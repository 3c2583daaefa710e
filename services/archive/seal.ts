import { createHash } from 'node:crypto';
import { Decrypter, Encrypter } from 'age-encryption';
import { sealedSize } from '../../shared/archive/manifest';
import { checkSealedFile } from '../../shared/archive/sealed-file';
import { IDENTITY_RE, RECIPIENT_RE } from '../../shared/archive/seal-key';
import { AppError } from '../../shared/errors';

/**
 * Sealing and opening key files (archive format 2) with the maintained age implementation
 * (`age-encryption`, age-encryption.org/v1, one X25519 recipient). The recipient is the public key
 * derived from the owner's words (shared/archive/seal-key.ts); only the words' identity opens them.
 */
const encrypters = new Map<string, Encrypter>();

function encrypterFor(recipient: string): Encrypter {
  if (!RECIPIENT_RE.test(recipient)) throw new AppError('internal', 'The key that seals this archive is not in the expected form.');
  let e = encrypters.get(recipient);
  if (!e) {
    e = new Encrypter();
    e.addRecipient(recipient);
    if (encrypters.size > 16) encrypters.clear();
    encrypters.set(recipient, e);
  }
  return e;
}

export interface Sealed {
  bytes: Buffer;
  sha256: string;
}

/** Seals one key file; the result always has sealedSize(content) bytes (checked). */
export async function sealKeyFile(recipient: string, content: Uint8Array): Promise<Sealed> {
  const bytes = Buffer.from(await encrypterFor(recipient).encrypt(content));
  if (bytes.length !== sealedSize(content.length) || !checkSealedFile(bytes).ok) {
    throw new AppError('internal', 'A key file could not be sealed in the expected form, so nothing was written. Please report this.');
  }
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}

export const WRONG_WORDS_FOR_SEAL = 'The key files in this archive are sealed to different words than the ones entered.';

/** Opens one sealed key file with the owner's identity (AGE-SECRET-KEY-1…). */
export async function openKeyFile(identity: string, sealed: Uint8Array, path: string): Promise<Buffer> {
  if (!IDENTITY_RE.test(identity)) throw new AppError('invalid-request', 'The key to open the sealed key files is not in the expected form.');
  if (!checkSealedFile(sealed).ok) throw new AppError('archive-corrupt', `The sealed key file ${path} in this archive is damaged.`, { path });
  const d = new Decrypter();
  d.addIdentity(identity);
  try {
    return Buffer.from(await d.decrypt(sealed));
  } catch (err) {
    const message = err instanceof Error ? err.message : '';
    if (/no identity matched/i.test(message)) throw new AppError('mnemonic-mismatch', WRONG_WORDS_FOR_SEAL, { path });
    throw new AppError('archive-corrupt', `The sealed key file ${path} in this archive is damaged (it does not open).`, { path });
  }
}
