// Bundles the thin Electron layer: main (ESM) and preload (CommonJS, as sandboxed preloads must be).
// Services are bundled into main; npm packages stay external and ship in node_modules.
//   node scripts/build-electron.mjs [--outdir DIR]   (default dist-electron/; tests build into their own folder)
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { outdir: { type: 'string', default: join(root, 'dist-electron') } } });
const outdir = resolve(values.outdir);

const common = { absWorkingDir: root, bundle: true, platform: 'node', target: 'node22', packages: 'external', sourcemap: true, logLevel: 'warning' };
await build({ ...common, entryPoints: ['electron/main.ts'], outfile: join(outdir, 'main.js'), format: 'esm', external: ['electron'] });
// A sandboxed preload can require only 'electron' (and a few Node builtins): bundle everything else,
// and fail the build if anything else is left to require.
await build({ ...common, packages: undefined, entryPoints: ['electron/preload.ts'], outfile: join(outdir, 'preload.cjs'), format: 'cjs', external: ['electron'] });
const preload = readFileSync(join(outdir, 'preload.cjs'), 'utf8');
const requires = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((name) => name !== 'electron');
if (requires.length) throw new Error(`the sandboxed preload must not require ${requires.join(', ')}`);
console.log(`built ${join(outdir, 'main.js')} and ${join(outdir, 'preload.cjs')}`);
