import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from './driver';

/**
 * Typechecks electron/ with 'electron' resolved to the stand-in (electron.ts). Electron's own
 * declarations are kept for the `Electron` namespace the stand-in is typed with, minus their
 * `declare module 'electron'` blocks, which would otherwise win over the path mapping.
 */
export function typecheckAgainstStandin(dir: string): { status: number | null; output: string } {
  mkdirSync(dir, { recursive: true });
  const declarations = readFileSync(join(root, 'node_modules', 'electron', 'electron.d.ts'), 'utf8');
  const namespaceOnly = declarations.replace(/^declare module 'electron(\/[a-z]+)?' \{[\s\S]*?^\}\n/gm, '');
  if (/^declare module 'electron/m.test(namespaceOnly)) throw new Error("electron.d.ts changed shape: a declare module 'electron' block is left");
  writeFileSync(join(dir, 'electron-namespace.d.ts'), namespaceOnly);
  const rel = (path: string) => relative(dir, join(root, path));
  const config = {
    extends: rel('tsconfig.base.json'),
    compilerOptions: { lib: ['ES2023', 'DOM'], types: ['node'], paths: { electron: [rel('tests/electron-standin/electron.ts')] } },
    files: ['./electron-namespace.d.ts'],
    include: [rel('electron/**/*.ts'), rel('services/types/*.d.ts')],
    exclude: [rel('electron/**/*.test.ts')],
  };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
  const res = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return { status: res.status, output: `${res.stdout}${res.stderr}` };
}
