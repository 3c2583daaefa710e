import { describe, expect, it } from 'vitest';
import { findCycles, projectSources, repoRoot, type Sources } from './helpers/import-graph';

// No file may be part of an import cycle, type-only imports included (lint's import-x/no-cycle
// skips those). The CLI once had one: main.ts took `register`'s type from a command, and every
// command took CliContext from main.ts.
describe('import graph', () => {
  it('has no cycle anywhere in the project', () => {
    const sources = projectSources(repoRoot);
    expect(sources.size).toBeGreaterThan(200);
    expect(findCycles(sources)).toEqual([]);
  });

  it('finds a planted type-only cycle (the CLI circle as it was)', () => {
    const planted: Sources = new Map([
      ['cli/main.ts', "import type { register as Register } from './commands/inspect';\nexport interface CliContext { x: 1 }\n"],
      ['cli/commands/inspect.ts', "import type { CliContext } from '../main';\nexport function register(c: CliContext) { return c; }\n"],
      ['cli/io.ts', 'export const io = 1;\n'],
    ]);
    expect(findCycles(planted)).toEqual([['cli/commands/inspect.ts', 'cli/main.ts']]);
  });

  it('follows dynamic imports, re-exports and index files, and a longer circle', () => {
    const planted: Sources = new Map([
      ['a.ts', "export const load = () => import('./b');\n"],
      ['b.ts', "export * from './c';\n"],
      ['c/index.ts', "import { load } from '../a';\nexport { load };\n"],
      ['d.ts', "import { load } from './a';\nvoid load;\n"],
    ]);
    expect(findCycles(planted)).toEqual([['a.ts', 'b.ts', 'c/index.ts']]);
  });
});
