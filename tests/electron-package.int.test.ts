import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALL_CHANNEL } from '../electron/channels';
import { buildStandin, root, StandinRun, type StandinBuild } from './electron-standin/driver';
import { asar, builderConfig, fuses, packLinuxDir, standinElectronDist, type PackResult } from './electron-standin/package-tools';

// The desktop package: `npm run dist`'s build, then electron-builder's packaging step for Linux
// (`--dir`) against a stand-in Electron distribution (no download, no native rebuild, no publish).
// The package is then opened and started: what a person installs must hold everything the app loads.
const work = join(root, '.tmp', `electron-package-${process.pid}`);
const unpackedApp = mkdtempSync(join(tmpdir(), 'idbox-packaged-app-')); // outside the repo: no fallback to its node_modules
let pack: PackResult;
let resources: string;
let listing: string[];
let standin: StandinBuild;

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  const node = (script: string, ...args: string[]) => execFileSync(process.execPath, [join(root, script), ...args], { cwd: root, stdio: 'pipe' });
  node('node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn');
  node('scripts/build-electron.mjs');
  node('scripts/pack-box-service.mjs');
  pack = packLinuxDir(standinElectronDist(join(work, 'electron-dist')), join(work, 'release'));
  if (pack.offline) {
    console.log(`electron package tests skipped: ${pack.offline}`);
    return;
  }
  expect(pack.status, pack.output).toBe(0);
  resources = join(work, 'release', 'linux-unpacked', 'resources');
  listing = asar.listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) => p.replace(/\\/g, '/'));
  asar.extractAll(join(resources, 'app.asar'), unpackedApp);
  standin = await buildStandin(join(work, 'standin'));
}, 600_000);

afterAll(() => {
  for (const dir of [work, unpackedApp]) rmSync(dir, { recursive: true, force: true });
});

const packaged = (path: string) => listing.includes(`/${path}`);
/** What the built main.js imports from npm packages (static and dynamic), 'electron' aside, and those packages. */
function packagesMainImports(): { specifiers: string[]; names: string[] } {
  const main = readFileSync(join(unpackedApp, 'dist-electron', 'main.js'), 'utf8');
  const specifiers = [...main.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*)"([^".][^"]*)"/g)].map((m) => m[1]!);
  const external = [...new Set(specifiers.filter((s) => !s.startsWith('node:') && s !== 'electron'))].sort();
  return { specifiers: external, names: [...new Set(external.map((s) => s.split('/').slice(0, s.startsWith('@') ? 2 : 1).join('/')))] };
}

describe('the desktop package (electron-builder, Linux --dir)', () => {
  it('holds the built shell, the preload, the whole renderer and package.json pointing at main', ({ skip }) => {
    if (pack.offline) return skip(pack.offline);
    const pkg = JSON.parse(readFileSync(join(unpackedApp, 'package.json'), 'utf8')) as { main: string; version: string };
    expect(pkg.main).toBe('dist-electron/main.js');
    for (const file of ['dist-electron/main.js', 'dist-electron/preload.cjs', 'dist/renderer/index.html']) expect(packaged(file), file).toBe(true);
    const renderer = join(root, 'dist', 'renderer');
    const files = readdirSync(renderer, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && !d.name.endsWith('.map'))
      .map((d) => relative(renderer, join(d.parentPath, d.name)));
    expect(files.length).toBeGreaterThan(2);
    for (const file of files) expect(packaged(`dist/renderer/${file}`), file).toBe(true);
    // No source maps of our own code ship (electron-builder.yml leaves them out).
    expect(listing.filter((p) => p.endsWith('.map') && !p.startsWith('/node_modules/'))).toEqual([]);
    // The built files exactly as built.
    expect(readFileSync(join(unpackedApp, 'dist-electron', 'main.js'))).toEqual(readFileSync(join(root, 'dist-electron', 'main.js')));
  });

  it('holds every package main.js imports at run time, and each loads from the package itself', ({ skip }) => {
    if (pack.offline) return skip(pack.offline);
    const { specifiers, names } = packagesMainImports();
    expect(names).toEqual(expect.arrayContaining(['socket.io-client', 'sodium-native', 'usb', 'zod']));
    for (const name of names) expect(packaged(`node_modules/${name}/package.json`), `${name} is not in app.asar`).toBe(true);
    // Loaded for real from the unpacked package (natives included), next to main.js, as main.js loads them.
    const probe = join(unpackedApp, 'dist-electron', 'probe-imports.mjs');
    writeFileSync(probe, specifiers.map((specifier) => `await import(${JSON.stringify(specifier)});`).join('\n'));
    const res = spawnSync(process.execPath, [probe], { cwd: unpackedApp, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } });
    rmSync(probe);
    expect(res.stderr).toBe('');
    expect(res.status).toBe(0);
  });

  it('starts from the package: window, app page, services, and the box service package from its resources', async ({ skip }) => {
    if (pack.offline) return skip(pack.offline);
    const userData = join(mkdtempSync(join(tmpdir(), 'idbox-packaged-data-')), 'data');
    const run = new StandinRun(standin, { appDir: unpackedApp, userData, env: { STANDIN_RESOURCES: resources } });
    try {
      await run.loaded();
      const state = await run.send<{ windows: { url: string; options: { webPreferences: { preload: string } } }[] }>('ready');
      expect(state.windows[0]!.url).toBe('app://renderer/index.html');
      expect(relative(unpackedApp, state.windows[0]!.options.webPreferences.preload)).toBe('dist-electron/preload.cjs');
      expect(await run.send('protocol', { url: 'app://renderer/index.html' })).toMatchObject({ status: 200 });
      const invoke = (name: string) => run.send<Record<string, any>>('invoke', { channel: CALL_CHANNEL, frameUrl: 'app://renderer/index.html', args: [name, {}] }); // eslint-disable-line @typescript-eslint/no-explicit-any
      expect(await invoke('app.info')).toMatchObject({ ok: true, value: { host: 'electron' } });
      const servicePackage = await invoke('box.servicePackage');
      expect(servicePackage, JSON.stringify(servicePackage)).toMatchObject({ ok: true });
      expect(JSON.stringify(servicePackage.value)).toContain('identity-box-companion-backup-service-');
      expect(run.problems).toEqual([]);
    } finally {
      await run.stop();
      rmSync(userData, { recursive: true, force: true });
    }
  });

  it('puts the native addons where asarUnpack says and the box service tarball where extraResources says', ({ skip }) => {
    if (pack.offline) return skip(pack.offline);
    const config = builderConfig();
    const platformBuild = `${process.platform}-${process.arch}`;
    for (const glob of config.asarUnpack) {
      const dir = glob.replace(/\/\*\*$/, '');
      const inAsar = listing.filter((p) => p.startsWith(`/${dir}/`));
      expect(inAsar.some((p) => p.includes(`/${platformBuild}/`)), `${dir} has a ${platformBuild} build`).toBe(true);
      // Listed in the archive but stored beside it, where the OS can load them.
      for (const path of inAsar) expect(existsSync(join(resources, 'app.asar.unpacked', path)), path).toBe(true);
    }
    for (const extra of config.extraResources) {
      const shipped = readdirSync(join(root, extra.from)).filter((name) => name.endsWith('.tgz'));
      expect(shipped.length).toBeGreaterThan(0);
      for (const name of shipped) expect(readFileSync(join(resources, extra.to, name))).toEqual(readFileSync(join(root, extra.from, name)));
    }
  });

  it('sets the fuses electron-builder.yml asks for on the packaged executable', async ({ skip }) => {
    if (pack.offline) return skip(pack.offline);
    const config = builderConfig();
    const { name } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string };
    const executable = join(work, 'release', 'linux-unpacked', name);
    const wire = (await fuses.getCurrentFuseWire(executable)) as unknown as Record<number, number>;
    const order = ['runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments', 'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges'];
    order.forEach((name, i) => expect(wire[i] === 0x31, name).toBe(config.electronFuses[name]));
  });
});
