import { Command, CommanderError } from 'commander';
import { appVersion } from '../services/paths';
import { terminalText } from '../shared/terminal';
import type { CliContext, RegisterCommands } from './context';
import { EXIT, processIO, watchStdout, type CliIO } from './io';

type Module = { register: RegisterCommands };

/**
 * Each feature's commands, loaded only when their command is on the command line (or for help):
 * a script that calls `idbox verify` thousands of times loads neither socket.io nor zod.
 */
const FEATURES: { commands: string[]; load: () => Promise<Module> }[] = [
  { commands: ['box'], load: () => import('./commands/box') },
  { commands: ['pull', 'pack'], load: () => import('./commands/archive') },
  { commands: ['drives'], load: () => import('./commands/drives') },
  { commands: ['inspect'], load: () => import('./commands/inspect') },
  { commands: ['verify'], load: () => import('./commands/verify') },
  { commands: ['restore'], load: () => import('./commands/restore') },
  { commands: ['key-identity', 'reseal'], load: () => import('./commands/keys') },
];

export async function buildProgram(ctx: CliContext, argv: string[] = []): Promise<Command> {
  const program = new Command('idbox')
    .description('Identity Box Companion on the command line: run a reference box, pull, restore and inspect archives.')
    .version(appVersion())
    // Program options only before a command: `idbox pull --version 3` is pull's own --version.
    .enablePositionalOptions()
    .showHelpAfterError('Run "idbox --help" to see every command.')
    .exitOverride()
    .configureOutput({ writeOut: (s) => ctx.io.out(s), writeErr: (s) => ctx.io.err(s) });
  const first = argv.find((a) => !a.startsWith('-'));
  // `--version` needs no command at all; help (or an unknown command) lists every command.
  const versionOnly = first === undefined && argv.some((a) => a === '-V' || a === '--version') && !argv.some((a) => a === '-h' || a === '--help');
  for (const feature of FEATURES) {
    if (versionOnly) break;
    if (first === undefined || !FEATURES.some((f) => f.commands.includes(first)) || feature.commands.includes(first)) {
      (await feature.load()).register(program, ctx);
    }
  }
  // After a wrong argument: commander's one-line error, then one next step (not the whole help page).
  const hint = (cmd: Command, path: string) => {
    for (const sub of cmd.commands) {
      const full = `${path} ${sub.name()}`;
      sub.showHelpAfterError(`Run "${full} --help" to see what it takes.`);
      hint(sub, full);
    }
  };
  hint(program, 'idbox');
  return program;
}

/** Runs one command line; returns the exit status (never calls process.exit itself). */
export async function main(argv: string[], raw: CliIO = processIO): Promise<number> {
  if (raw === processIO) watchStdout();
  // Every text the CLI prints passes the one terminal sanitizer (values from archives, sticks and boxes are hostile).
  const io: CliIO = {
    out: (text) => raw.out(terminalText(text)),
    err: (text) => raw.err(terminalText(text)),
    errIsTTY: raw.errIsTTY,
    ...(raw.errUpdate ? { errUpdate: (text: string) => raw.errUpdate?.(terminalText(text)) } : {}),
  };
  let code: number = EXIT.ok;
  const program = await buildProgram({ io, setExit: (c) => (code = c) }, argv);
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
