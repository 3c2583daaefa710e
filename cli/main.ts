import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { register as registerArchive } from './commands/archive';
import { register as registerBox } from './commands/box';
import { register as registerDrives } from './commands/drives';
import { register as registerInspect } from './commands/inspect';
import { register as registerRestore } from './commands/restore';
import { EXIT, processIO, type CliIO } from './io';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** A command sets this through the context; main() returns it as the exit status. */
export interface CliContext {
  io: CliIO;
  setExit(code: number): void;
}

export function buildProgram(ctx: CliContext): Command {
  const program = new Command('idbox')
    .description('Identity Box Companion on the command line: run a reference box, pull, restore and inspect archives.')
    .version(pkg.version)
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
  registerBox(program, ctx);
  registerArchive(program, ctx);
  registerDrives(program, ctx);
  registerInspect(program, ctx);
  registerRestore(program, ctx);
  return program;
}

/** Runs one command line; returns the exit status (never calls process.exit itself). */
export async function main(argv: string[], io: CliIO = processIO): Promise<number> {
  let code: number = EXIT.ok;
  const program = buildProgram({ io, setExit: (c) => (code = c) });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    throw err;
  }
  return code;
}
