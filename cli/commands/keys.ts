import type { Command } from 'commander';
import { resolve } from 'node:path';
import { reportFailure } from '../io';
import type { CliContext } from '../context';
import { backupIdFromMnemonicFile } from './mnemonic-file';

/** `idbox key-identity`: the age identity of the owner's words, for opening sealed key files with standard tools. */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('key-identity')
    .description("Print the age identity (AGE-SECRET-KEY-1…) that opens the sealed key files of this owner's archives (format 2): `age -d -i identity.txt`.")
    .requiredOption('--mnemonic-file <file>', 'a file with the 24 words')
    .option('--recipient', 'print the public key (age1…) instead, which seals them')
    .action(async (opts: { mnemonicFile: string; recipient?: boolean }) => {
      try {
        const words = await backupIdFromMnemonicFile(opts.mnemonicFile);
        // A secret: printed only to stdout, for the person who asked with the words in hand.
        ctx.io.out(opts.recipient ? words.recipient : words.sealIdentity);
      } catch (err) {
        ctx.setExit(reportFailure(ctx.io, err, false));
      }
    });
  registerReseal(program, ctx);
}

/** `idbox reseal`: format-1 archives -> verified format-2 archives beside them. */
export function registerReseal(program: Command, ctx: CliContext): void {
  program
    .command('reseal <archives...>')
    .description("Write a verified format-2 archive (key files sealed to the owner's words) beside each format-1 archive.")
    .requiredOption('--mnemonic-file <file>', 'a file with the 24 words')
    .option('--retire', 'after the new archive verified, remove the old format-1 archive (your confirmation)')
    .option('--json', 'print JSON')
    .action(async (archives: string[], opts: { mnemonicFile: string; retire?: boolean; json?: boolean }) => {
      const { resealArchive } = await import('../../services/archive/reseal');
      const { createCatalog } = await import('../../services/archive/catalog');
      const { defaultDataDir } = await import('../../services/paths');
      const { shortenIds } = await import('../../shared/redact');
      try {
        const words = await backupIdFromMnemonicFile(opts.mnemonicFile);
        const results = [];
        for (const path of archives) {
          const r = await resealArchive({ path: resolve(path), backupId: words.backupId, recipient: words.recipient, retire: Boolean(opts.retire), catalog: createCatalog(defaultDataDir()) });
          results.push({ archive: shortenIds(resolve(path)), resealed: shortenIds(r.written.path), verified: true, retired: r.retired });
          if (!opts.json) ctx.io.out(`${shortenIds(r.written.path)}: sealed and verified${r.retired ? '; the old archive was removed' : ` (the old one is still there: add --retire to remove it)`}`);
        }
        if (opts.json) ctx.io.out(JSON.stringify(results));
      } catch (err) {
        ctx.setExit(reportFailure(ctx.io, err, Boolean(opts.json)));
      }
    });
}
