// Bundles the thin Electron layer: main (ESM) and preload (CommonJS, as sandboxed preloads must be).
// Services are bundled into main; npm packages stay external and ship in node_modules.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';

const common = { bundle: true, platform: 'node', target: 'node22', packages: 'external', sourcemap: true, logLevel: 'warning' };
await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.js', format: 'esm', external: ['electron'] });
// A sandboxed preload can require only 'electron' (and a few Node builtins): bundle everything else,
// and fail the build if anything else is left to require.
await build({ ...common, packages: undefined, entryPoints: ['electron/preload.ts'], outfile: 'dist-electron/preload.cjs', format: 'cjs', external: ['electron'] });
const preload = readFileSync('dist-electron/preload.cjs', 'utf8');
const requires = [...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((name) => name !== 'electron');
if (requires.length) throw new Error(`the sandboxed preload must not require ${requires.join(', ')}`);
console.log('built dist-electron/main.js and dist-electron/preload.cjs');
