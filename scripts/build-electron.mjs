// Bundles the thin Electron layer: main (ESM) and preload (CommonJS, as sandboxed preloads must be).
// Services are bundled into main; npm packages stay external and ship in node_modules.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node22', packages: 'external', sourcemap: true, logLevel: 'warning' };
await build({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist-electron/main.js', format: 'esm', external: ['electron'] });
await build({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist-electron/preload.cjs', format: 'cjs', external: ['electron'] });
console.log('built dist-electron/main.js and dist-electron/preload.cjs');
