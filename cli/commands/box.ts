import type { Command } from 'commander';
import type { CliContext } from '../main';

/** The `idbox` box commands. See README "Adding a CLI command". */
export function register(program: Command, ctx: CliContext): void {
  void program;
  void ctx;
}
