// Builds the Node entry points (the `idbox` CLI, the browser host) from TypeScript to JavaScript
// with esbuild, and tells whether a build is still fresh, so nothing compiles TypeScript at run time.
//   node scripts/node-build.mjs            build every target (npm install runs this as `prepare`)
//   node scripts/node-build.mjs cli        build one
// Each build goes to its own folder under dist-node/<target>/ and `current.json` (written
// atomically) points at it, so a process still running an older build never loses its files.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export const TARGETS = {
  cli: { entry: 'cli/main.ts', main: 'main.js' },
  host: { entry: 'host/main.ts', main: 'main.js' },
};

/** Dependencies with a native addon: they locate their binaries from their own folder, so they stay external. */
function nativeDependencies() {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  return Object.keys(pkg.dependencies ?? {}).filter((name) => {
    const dir = join(ROOT, 'node_modules', name);
    return ['binding.gyp', 'prebuilds', 'binding.js', 'CMakeLists.txt'].some((f) => existsSync(join(dir, f)));
  });
}

const pointerOf = (target) => join(ROOT, 'dist-node', target, 'current.json');

/** The built entry file when the build is newer than every source it was made from, else null. */
export function freshBuild(target) {
  let pointer;
  try {
    pointer = JSON.parse(readFileSync(pointerOf(target), 'utf8'));
  } catch {
    return null;
  }
  const main = join(ROOT, 'dist-node', target, pointer.dir, TARGETS[target].main);
  if (!existsSync(main)) return null;
  for (const input of pointer.inputs) {
    try {
      if (statSync(join(ROOT, input)).mtimeMs > pointer.startedAt) return null;
    } catch {
      return null; // a source was removed or renamed
    }
  }
  return main;
}

/** Builds one target; returns its entry file. */
export async function build(target) {
  const { build: esbuild } = await import('esbuild');
  const startedAt = Date.now();
  const dir = `b${startedAt.toString(36)}-${process.pid}`;
  const outdir = join(ROOT, 'dist-node', target, dir);
  const result = await esbuild({
    absWorkingDir: ROOT,
    entryPoints: [TARGETS[target].entry],
    outdir,
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    // npm packages are bundled too (loading hundreds of small module files was most of the start-up
    // time); native modules and optional native helpers stay external and load from node_modules.
    external: [...new Set(['usb', 'fs-native-extensions', 'sodium-native', 'bufferutil', 'utf-8-validate', 'electron', 'esbuild', ...nativeDependencies()])],
    banner: { js: "import { createRequire as __idboxCreateRequire } from 'node:module'; const require = __idboxCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    // Less source for V8 to parse at every start (the source map keeps stack traces readable).
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: 'warning',
  });
  const inputs = Object.keys(result.metafile.inputs).filter((p) => !p.startsWith('node_modules/'));
  // A dependency update changes the lock file.
  inputs.push('package-lock.json');
  inputs.push('package.json');
  mkdirSync(outdir, { recursive: true });
  const temp = `${pointerOf(target)}.${process.pid}`;
  writeFileSync(temp, JSON.stringify({ dir, startedAt, inputs }));
  renameSync(temp, pointerOf(target));
  // Older builds: kept for an hour for processes that may still be running them.
  for (const name of readdirSync(join(ROOT, 'dist-node', target))) {
    if (name === dir || !name.startsWith('b')) continue;
    const path = join(ROOT, 'dist-node', target, name);
    if (Date.now() - statSync(path).mtimeMs > 3_600_000) rmSync(path, { recursive: true, force: true });
  }
  return join(outdir, TARGETS[target].main);
}

/** The entry file of a fresh build, building first when the sources changed. */
export async function ensureBuilt(target) {
  return freshBuild(target) ?? (await build(target));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const names = process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(TARGETS);
  try {
    await import('esbuild');
  } catch {
    // An install without dev dependencies: bin/idbox.mjs says what to do if it ever needs a build.
    console.log('esbuild is not installed (dev dependencies omitted); skipping the build of the command line.');
    process.exit(0);
  }
  for (const name of names) {
    if (!TARGETS[name]) throw new Error(`unknown target ${name}; one of ${Object.keys(TARGETS).join(', ')}`);
    const main = await build(name);
    console.log(`built ${relative(ROOT, main)}`);
  }
}
