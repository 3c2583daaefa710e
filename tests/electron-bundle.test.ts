import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The Electron runtime cannot run on our build machines, but its bundles can be built and read:
// a sandboxed preload may require nothing but 'electron', and main must load the renderer from
// the app's own files.
const root = new URL('..', import.meta.url).pathname;

describe('Electron bundles', () => {
  it('build, with a preload that requires only electron', () => {
    execFileSync(process.execPath, ['scripts/build-electron.mjs'], { cwd: root, stdio: 'pipe' });
    const preload = readFileSync(`${root}dist-electron/preload.cjs`, 'utf8');
    expect([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1])).toEqual(['electron']);
    expect(preload).toContain('exposeInMainWorld');
    const main = readFileSync(`${root}dist-electron/main.js`, 'utf8');
    expect(main).toContain('contextIsolation: true');
    expect(main).toContain('sandbox: true');
    expect(main).toContain('nodeIntegration: false');
    expect(main).toContain('requestSingleInstanceLock');
    expect(main).not.toMatch(/loadURL\(["'`]https?:/);
  });
});
