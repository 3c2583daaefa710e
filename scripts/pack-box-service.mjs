// `npm run pack:box-service`: builds identity-box.backup-service into ONE JavaScript file for
// Node 16+ (box/backup-service/dist/backup-service.cjs, every dependency bundled) and packs it as
// the npm package box owners install (box/README.md). Prints the tarball's path.
//   node scripts/pack-box-service.mjs [--out DIR]
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkgDir = join(root, 'box', 'backup-service');
const { values } = parseArgs({ options: { out: { type: 'string', default: join(root, 'dist-box') } } });
const out = resolve(values.out);

const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));
const service = readFileSync(join(pkgDir, 'service.ts'), 'utf8');
const version = /SERVICE_VERSION = '([^']+)'/.exec(service)?.[1];
if (version !== pkg.version) throw new Error(`box/backup-service/package.json says ${pkg.version} but service.ts says ${version}: make them equal`);

const result = await build({
  absWorkingDir: root,
  entryPoints: ['box/backup-service/bin.ts'],
  outfile: join(pkgDir, 'dist', 'backup-service.cjs'),
  bundle: true,
  platform: 'node',
  target: 'node16',
  format: 'cjs',
  legalComments: 'inline',
  // Node 16.0-16.8 lack these two: a bundled library calls Object.hasOwn (package.int.test.ts runs the
  // package on Node 16.0.0 and fails without it); Array.prototype.at is a precaution. Older Node is not supported.
  banner: {
    js: [
      "if (!Object.hasOwn) Object.defineProperty(Object, 'hasOwn', { value: (o, k) => Object.prototype.hasOwnProperty.call(o, k), configurable: true, writable: true });",
      "if (!Array.prototype.at) Object.defineProperty(Array.prototype, 'at', { value: function (i) { i = Math.trunc(i) || 0; return this[i < 0 ? this.length + i : i]; }, configurable: true, writable: true });",
    ].join('\n'),
  },
  metafile: true,
  logLevel: 'warning',
});
const packages = new Set(Object.keys(result.metafile.inputs).filter((p) => p.startsWith('node_modules/')).map((p) => p.split('/').slice(1, p.split('/')[1].startsWith('@') ? 3 : 2).join('/')));
mkdirSync(out, { recursive: true });
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', out], { cwd: pkgDir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }));
const tarball = join(out, packed[0].filename);
console.error(`bundled ${[...packages].sort().join(', ')} into one file; ${packed[0].entryCount} files, ${(packed[0].size / 1024).toFixed(0)} KB packed`);
console.log(tarball);
