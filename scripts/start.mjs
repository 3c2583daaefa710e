// `npm start`: builds the renderer, then launches the Electron app where its runtime binary is
// installed (and a display exists); otherwise says so in one sentence and starts the browser host.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const root = join(dirname(new URL(import.meta.url).pathname), '..');
const run = (cmd, args) => {
  const res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit' });
  if (res.status !== 0) process.exit(res.status ?? 1);
};

function electronBinary() {
  try {
    const dir = dirname(require.resolve('electron/package.json'));
    const rel = readFileSync(join(dir, 'path.txt'), 'utf8').trim();
    const bin = join(dir, 'dist', rel);
    return existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

console.log('Building the app…');
run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);

const binary = process.env.IDBOX_FORCE_BROWSER_HOST ? null : electronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (binary && hasDisplay) {
  run(process.execPath, [join(root, 'scripts', 'build-electron.mjs')]);
  const child = spawn(binary, [root], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    binary
      ? '\nThere is no display here, so the desktop window cannot open; starting the app in your browser instead.'
      : '\nThe Electron runtime is not installed on this machine (run "npx install-electron" where the internet is reachable to get it), so the app starts in your browser instead.',
  );
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'electron', 'host', 'main.ts')], { cwd: root, stdio: 'inherit' });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
