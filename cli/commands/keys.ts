import type { Command } from 'commander';
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
}
