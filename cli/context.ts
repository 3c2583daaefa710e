import type { Command } from 'commander';
import type { CliIO } from './io';

/** What every command gets from main(): where to print, and how to set the exit status main() returns. */
export interface CliContext {
  io: CliIO;
  setExit(code: number): void;
}

/** Each feature's module under cli/commands/ exports one `register` of this shape; main.ts loads it lazily. */
export type RegisterCommands = (program: Command, ctx: CliContext) => void;
