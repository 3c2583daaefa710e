import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The floors of the layout (README "Layout", eslint.config.js): each rule is fed a deliberate
// violation here, so a config change cannot silently switch one off. Each planted file is linted
// as text under a path in the folder it would live in; nothing is written to disk.
const root = new URL('..', import.meta.url).pathname;
const eslint = new ESLint({ cwd: root });

async function errorsFor(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}
const importing = (spec: string) => `import * as planted from '${spec}';\nvoid planted;\n`;
const FLOOR = 'import-x/no-restricted-paths';

describe('layout floors (lint)', () => {
  it('shared/ imports only shared/: no Node, no Electron, no other folder of ours', async () => {
    expect(await errorsFor('shared/x.ts', importing('node:fs'))).toContain('no-restricted-imports');
    expect(await errorsFor('shared/x.ts', importing('electron'))).toContain('no-restricted-imports');
    expect(await errorsFor('shared/x.ts', importing('../services/log'))).toContain(FLOOR);
    expect(await errorsFor('shared/x.ts', importing('../box/seed'))).toContain(FLOOR);
    expect(await errorsFor('shared/x.ts', 'export const w = window.location;\n')).toContain('no-restricted-globals');
    expect(await errorsFor('shared/x.ts', importing('./units'))).toEqual([]);
  });

  it('services/ imports only shared/ (never box/, host/, cli/, electron/ or renderer/)', async () => {
    for (const spec of ['../../box/seed', '../../box/reference-box', '../../host/server', '../../cli/io', '../../electron/tray', '../../renderer/format']) {
      expect(await errorsFor('services/box/x.ts', importing(spec)), spec).toContain(FLOOR);
    }
    expect(await errorsFor('services/x.ts', importing('electron'))).toContain('no-restricted-imports');
    // Its own modules (also ones in a folder called box/) and shared/ are fine.
    expect(await errorsFor('services/archive/x.ts', importing('../box/client'))).toEqual([]);
    expect(await errorsFor('services/x.ts', importing('../shared/units'))).toEqual([]);
    expect(await errorsFor('services/x.ts', importing('node:fs'))).toEqual([]);
  });

  it('host/, cli/ and electron/ may use services/, shared/ and the reference box, but not each other', async () => {
    const hosts = { host: '../host/security', cli: '../cli/io', electron: '../electron/channels' } as const;
    for (const [me, mine] of Object.entries(hosts)) {
      for (const [other, theirs] of Object.entries(hosts)) {
        if (other === me) continue;
        expect(await errorsFor(`${me}/x.ts`, importing(theirs)), `${me} -> ${other}`).toContain(FLOOR);
      }
      expect(await errorsFor(`${me}/x.ts`, importing('../renderer/format')), `${me} -> renderer`).toContain(FLOOR);
      expect(await errorsFor(`${me}/x.ts`, importing('../services/log')), `${me} -> services`).toEqual([]);
      expect(await errorsFor(`${me}/x.ts`, importing('../box/demo-kit')), `${me} -> box`).toEqual([]);
      expect(await errorsFor(`${me}/x.ts`, importing(mine)), `${me} -> itself`).toEqual([]);
    }
  });

  it("only electron/ imports the 'electron' module", async () => {
    for (const folder of ['services', 'host', 'cli', 'box', 'renderer']) {
      expect(await errorsFor(`${folder}/x.ts`, importing('electron')), folder).toContain('no-restricted-imports');
    }
    expect(await errorsFor('electron/x.ts', importing('electron'))).toEqual([]);
  });

  it('the renderer imports only shared/ and no Node', async () => {
    expect(await errorsFor('renderer/x.ts', importing('../services/log'))).toContain(FLOOR);
    expect(await errorsFor('renderer/x.ts', importing('../host/security'))).toContain(FLOOR);
    expect(await errorsFor('renderer/x.ts', importing('node:fs'))).toContain('no-restricted-imports');
    expect(await errorsFor('renderer/x.ts', importing('zod'))).toEqual([]);
    expect(await errorsFor('renderer/x.ts', importing('../shared/units'))).toEqual([]);
  });

  it('the box-side package imports only shared/; the reference box may also use services/', async () => {
    expect(await errorsFor('box/backup-service/x.ts', importing('../../services/log'))).toContain(FLOOR);
    expect(await errorsFor('box/backup-service/x.ts', importing('../seed'))).toContain(FLOOR);
    expect(await errorsFor('box/backup-service/x.ts', importing('../../shared/units'))).toEqual([]);
    expect(await errorsFor('box/x.ts', importing('../services/box/native-crypto'))).toEqual([]);
    expect(await errorsFor('box/x.ts', importing('../cli/io'))).toContain(FLOOR);
  });

  it('an import cycle fails lint, in the engine and in the CLI', async () => {
    // services/box/demo.ts imports ../atomic-json; atomic-json importing demo closes a circle.
    expect(await errorsFor('services/atomic-json.ts', `${readFileSync(join(root, 'services/atomic-json.ts'), 'utf8')}\n${importing('./box/demo')}`)).toContain('import-x/no-cycle');
    // The CLI's old circle: main.ts loads the commands, a command importing main.ts again.
    expect(await errorsFor('cli/commands/drives.ts', `${readFileSync(join(root, 'cli/commands/drives.ts'), 'utf8')}\n${importing('../main')}`)).toContain('import-x/no-cycle');
  });
});

describe('the layout the README describes', () => {
  it("the README's layout table names every top-level folder, and only those", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('### Layout'));
    const table = section.slice(0, section.indexOf('\n### ', 5));
    const named = [...table.matchAll(/^\| `([^`/]+)\/` \|/gm)].map((m) => m[1]).sort();
    const tracked = readdirSync(root)
      .filter((name) => !name.startsWith('.') && !['node_modules', 'dist', 'dist-electron', 'dist-node', 'dist-box', 'release', 'test-results', 'playwright-report'].includes(name))
      .filter((name) => statSync(join(root, name)).isDirectory())
      .sort();
    expect(named).toEqual(tracked);
  });
});
