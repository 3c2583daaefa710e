// `npm start`: builds the renderer only when its sources changed since the last build, then launches
// the Electron app where its runtime binary is installed (and a display exists); otherwise says so in
// one sentence and starts the browser host (built JavaScript, scripts/node-build.mjs), printing the
// link to open exactly once.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { ensureBuilt, ROOT as root } from './node-build.mjs';

const require = createRequire(import.meta.url);
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

/** The newest modification time among the renderer's inputs (its sources, shared/, the build config). */
function newestInput() {
  let newest = 0;
  const walk = (dir) => {
    for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else newest = Math.max(newest, statSync(join(root, path)).mtimeMs);
    }
  };
  walk('renderer');
  walk('shared');
  for (const file of ['vite.config.ts', 'package.json', 'package-lock.json', 'tsconfig.web.json', 'tsconfig.base.json']) {
    if (existsSync(join(root, file))) newest = Math.max(newest, statSync(join(root, file)).mtimeMs);
  }
  return newest;
}

const rendererDir = join(root, 'dist', 'renderer');
const stampFile = join(root, 'dist', 'renderer-build.json');
function rendererIsFresh() {
  if (!existsSync(join(rendererDir, 'index.html'))) return false;
  let builtFrom;
  try {
    builtFrom = JSON.parse(readFileSync(stampFile, 'utf8')).startedAt;
  } catch {
    // Built by `vite build` directly (tests): its index.html is written at the end of the build.
    builtFrom = statSync(join(rendererDir, 'index.html')).mtimeMs;
  }
  return newestInput() <= builtFrom;
}

if (rendererIsFresh()) {
  console.log('The app is already built and up to date.');
} else {
  console.log('Building the app (its sources changed since the last build)…');
  const startedAt = Date.now();
  run(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn']);
  writeFileSync(stampFile, JSON.stringify({ startedAt }));
}

const binary = process.env.IDBOX_FORCE_BROWSER_HOST ? null : electronBinary();
const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
if (binary && hasDisplay) {
  run(process.execPath, [join(root, 'scripts', 'build-electron.mjs')]);
  const child = spawn(binary, [root], { cwd: root, stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log(
    binary
      ? 'There is no display here, so the desktop window cannot open; the app runs in your browser instead.'
      : 'The Electron runtime is not installed on this machine (run "npx install-electron" where the internet is reachable to get it), so the app runs in your browser instead.',
  );
  const host = await ensureBuilt('host');
  const child = spawn(process.execPath, [host, ...process.argv.slice(2).filter((a) => a !== '--')], {
    cwd: root,
    stdio: ['inherit', 'pipe', 'inherit'],
    env: { ...process.env, IDBOX_HOST_URL_LINE_ONLY: '1' },
  });
  // The host prints one machine line with the link; everything else passes through unchanged.
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('IDBOX_HOST_URL=')) {
      const url = line.slice('IDBOX_HOST_URL='.length);
      console.log(
        `\nOpen this link in your browser to use Identity Box Companion:\n\n  ${url}\n\n` +
          'The link is the way in: it carries a one-time key for this run, so open it exactly as shown ' +
          '(a bookmark from an earlier run will not work). Keep this window open while you use the app; press Ctrl+C to stop.',
      );
    } else if (!line.startsWith('IDBOX_HOST_ALREADY_RUNNING=')) console.log(line);
  });
  const forward = (sig) => child.kill(sig);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', (code) => process.exit(code ?? 0));
}
