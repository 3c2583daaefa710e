import type { SealedFileEntry } from '../../shared/archive/manifest';
import { checkSealedFile } from '../../shared/archive/sealed-file';
import type { Problem } from '../../shared/inspect/report';

/**
 * "This key file is sealed to the owner's words" (archive format 2), judged without the words:
 * an age file with one X25519 recipient, laid out as this app writes it, holding exactly as many
 * bytes as the box's key file had. Null when it is; else the problem. (Its checksum is compared
 * with the manifest like every file's; only the words open it: see sealedKeyFileOpened.)
 */
export function sealedKeyFileProblem(path: string, body: Buffer | undefined, entry: SealedFileEntry | undefined): Problem | null {
  if (!body) return { code: 'pem-invalid', message: 'This sealed key file is far larger than any key file a box writes, so it was not read.', path };
  const check = checkSealedFile(body);
  if (!check.ok) return { code: 'pem-invalid', message: 'This key file is not sealed in the form this app writes (age, to the owner\u2019s words), so it cannot be opened.', path };
  if (entry && check.plainSize !== entry.size) return { code: 'pem-invalid', message: 'This sealed key file does not hold as many bytes as the box\u2019s key file had.', path };
  return null;
}

export const SEALED_NOTE = 'Key files sealed to the owner\u2019s words: only those words open them.';
