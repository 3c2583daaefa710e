import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { archiveWith } from '../../services/inspect/fixtures';

/**
 * An archive whose bundle is large because its owner keeps many contacts (the case of issue #27:
 * a 60 MB bundle). Each contact adds about 170 bytes to the encrypted bundle (its JSON is three
 * times base64url-encoded), so about 6,000 contacts per MB of bundle.
 */
export interface LargeBundleArchive {
  seeded: SeededBackup;
  archive: string;
  /** The owner's words, in a file readable by its user only (as `--mnemonic-file` wants). */
  words: string;
  bundleBytes: number;
}

export async function makeLargeBundleArchive(dir: string, megabytes: number): Promise<LargeBundleArchive> {
  const peers = Math.round((megabytes * 1024 * 1024) / 170);
  const seeded = await seedBackup(join(dir, 'box'), { identities: 2, peers, fastKeys: true });
  const archive = join(dir, 'many-contacts.idbox');
  const bytes = await archiveWith(seeded, {});
  writeFileSync(archive, bytes);
  const words = join(dir, 'words.txt');
  writeFileSync(words, seeded.mnemonic, { mode: 0o600 });
  return { seeded, archive, words, bundleBytes: statSync(join(seeded.folder, 'backup')).size };
}
