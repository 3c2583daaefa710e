import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The lint rules that keep the process boundaries: prove they fire, so a config change cannot
// silently switch them off.
const eslint = new ESLint({ cwd: new URL('..', import.meta.url).pathname });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

describe('process boundaries', () => {
  it('shared/ may not import Node, Electron or other layers', async () => {
    expect(await errorsFor('shared/x.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n")).toContain('no-restricted-imports');
    expect(await errorsFor('shared/x.ts', "import { app } from 'electron';\nvoid app;\n")).toContain('no-restricted-imports');
    expect(await errorsFor('shared/x.ts', "import { x } from '../electron/services/x';\nvoid x;\n")).toContain('no-restricted-imports');
    expect(await errorsFor('shared/x.ts', 'export const w = window.location;\n')).toContain('no-restricted-globals');
  });

  it("services may not import 'electron'", async () => {
    expect(await errorsFor('electron/services/x.ts', "import { app } from 'electron';\nvoid app;\n")).toContain('no-restricted-imports');
  });

  it('the renderer may not import the main process or Node', async () => {
    expect(await errorsFor('renderer/x.ts', "import { x } from '../electron/services/x';\nvoid x;\n")).toContain('no-restricted-imports');
    expect(await errorsFor('renderer/x.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n")).toContain('no-restricted-imports');
  });

  it('allowed imports pass', async () => {
    expect(await errorsFor('renderer/x.ts', "import { z } from 'zod';\nvoid z;\n")).toEqual([]);
    expect(await errorsFor('electron/services/x.ts', "import { readFileSync } from 'node:fs';\nvoid readFileSync;\n")).toEqual([]);
  });
});
