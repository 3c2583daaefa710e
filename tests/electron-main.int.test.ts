import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { CALL_CHANNEL, EVENT_CHANNEL } from '../electron/channels';
import { backupIdFromMnemonic } from '../shared/backup-id';
import { buildStandin, root, stageApp, StandinRun, type LaunchOptions, type StandinBuild } from './electron-standin/driver';
import { typecheckAgainstStandin } from './electron-standin/typecheck';

// The desktop app as a person starts it, without the Electron binary: the BUILT dist-electron/main.js
// (scripts/build-electron.mjs) and dist/renderer (vite), staged as electron-builder packs them, loaded
// by Node's ESM loader with 'electron' resolved to the stand-in (tests/electron-standin/), and driven
// through the events Electron and the page would cause. What only a real Electron run can show
// (drawing, native dialogs, notifications, the tray icon) is listed in the README.
const work = join(root, '.tmp', `electron-main-${process.pid}`);
let standin: StandinBuild;
let appDir: string;
const runs: StandinRun[] = [];
const temps: string[] = [];

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const temp = (prefix: string) => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
};
const OWN_FRAME = 'app://renderer/index.html';

async function start(options: Partial<LaunchOptions> = {}): Promise<StandinRun> {
  const run = new StandinRun(standin, { appDir, userData: join(temp('idbox-electron-'), 'data'), ...options });
  runs.push(run);
  await run.loaded();
  return run;
}

async function started(options: Partial<LaunchOptions> = {}): Promise<{ run: StandinRun; state: Json }> {
  const run = await start(options);
  return { run, state: await run.send<Json>('ready') };
}

const call = (run: StandinRun, name: string, request: unknown, frameUrl = OWN_FRAME, sender?: string) =>
  run.send<Json>('invoke', { channel: CALL_CHANNEL, frameUrl, sender, args: [name, request] });

beforeAll(async () => {
  rmSync(work, { recursive: true, force: true });
  standin = await buildStandin(join(work, 'standin'));
  appDir = stageApp(join(work, 'app'));
}, 180_000);

afterEach(async () => {
  for (const run of runs.splice(0)) {
    await run.stop();
    expect(run.problems, run.output).toEqual([]);
  }
});

afterAll(() => {
  for (const dir of [work, ...temps]) rmSync(dir, { recursive: true, force: true });
});

describe('electron/ against the stand-in', () => {
  it('uses only the part of Electron the stand-in implements (typechecked against Electron\'s own declarations)', () => {
    const res = typecheckAgainstStandin(join(work, 'typecheck'));
    expect(res.output).toBe('');
    expect(res.status).toBe(0);
  }, 120_000);
});

describe('the desktop app starts', () => {
  it('serves the built renderer through app://, with its CSP, and nothing outside it', async () => {
    const { run, state } = await started();
    expect(state.privilegedSchemes).toEqual([{ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }]);
    expect(state.protocols).toEqual(['app']);

    const index = await run.send<Json>('protocol', { url: 'app://renderer/index.html' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html');
    expect(index.text).toBe(readFileSync(join(appDir, 'dist', 'renderer', 'index.html'), 'utf8'));
    expect(index.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(index.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect((await run.send<Json>('protocol', { url: 'app://renderer/' })).text).toBe(index.text);

    // Every script and stylesheet the page names, byte for byte, with a type Chromium accepts for it.
    const assets = [...index.text.matchAll(/(?:src|href)="\.?\/?(assets\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((a) => a.endsWith('.js'))).toBe(true);
    expect(assets.some((a) => a.endsWith('.css'))).toBe(true);
    for (const asset of assets) {
      const res = await run.send<Json>('protocol', { url: `app://renderer/${asset}` });
      expect(res.status, asset).toBe(200);
      expect(res.bytes).toBe(readFileSync(join(appDir, 'dist', 'renderer', asset)).length);
      expect(res.headers['content-type']).toBe(asset.endsWith('.js') ? 'text/javascript' : 'text/css');
    }
    expect((await run.send<Json>('protocol', { url: 'app://renderer/assets/missing.js' })).status).toBe(404);

    // A page (or anything it loads) naming a file outside the renderer's folder gets nothing.
    const secret = readFileSync(join(appDir, 'package.json'), 'utf8');
    const climbing = [
      'app://renderer/../../package.json',
      'app://renderer/%2e%2e/%2e%2e/package.json',
      'app://renderer/%2e%2e%2f%2e%2e%2fpackage.json',
      'app://renderer/..%2f..%2fpackage.json',
      'app://renderer/assets/..%2f..%2f..%2fpackage.json',
      'app://renderer/..%5c..%5cpackage.json',
      'app://renderer/%2e%2e%5c%2e%2e%5cpackage.json',
      'app://renderer/%5c..%5c..%5cpackage.json',
      `app://renderer/${encodeURIComponent(join(appDir, 'package.json'))}`,
      'app://renderer/%2fetc%2fpasswd',
      'app://renderer/index.html%00.png',
      'app://renderer/%E0%A4%A',
      'app://renderer/assets',
      'app://elsewhere/index.html',
    ];
    for (const url of climbing) {
      const res = await run.send<Json>('protocol', { url });
      expect(res.status, url).toBe(404);
      expect(res.text).not.toContain(secret.slice(0, 40));
    }
  });

  it('opens one hardened window on the app page, shown once drawn', async () => {
    const { run, state } = await started();
    expect(state.windows).toHaveLength(1);
    const [window] = state.windows;
    expect(window.url).toBe(OWN_FRAME);
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    // The preload is the built one beside main.js: a wrong path leaves the page without its api.
    expect(window.options.webPreferences.preload).toBe(join(appDir, 'dist-electron', 'preload.cjs'));
    expect(existsSync(window.options.webPreferences.preload)).toBe(true);
    expect(window.visible).toBe(false);
    expect((await run.send<Json>('rendered')).windows[0].visible).toBe(true);
  });

  it('denies permissions, navigation away, new windows (https opens in the browser) and webviews', async () => {
    const { run } = await started();
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal']) {
      expect(await run.send('permission', { permission }), permission).toEqual({ granted: false, checked: false });
    }
    expect(await run.send('navigate', { url: 'https://example.com/' })).toEqual({ prevented: true });
    expect(await run.send('navigate', { url: 'app://renderer.example.com/' })).toEqual({ prevented: true });
    expect(await run.send('navigate', { url: 'file:///etc/passwd' })).toEqual({ prevented: true });
    expect(await run.send('navigate', { url: 'app://renderer/index.html#/copies' })).toEqual({ prevented: false });

    for (const url of ['https://example.org/help', 'http://example.org/', 'file:///etc/passwd', 'javascript:alert(1)', 'app://renderer/index.html']) {
      expect(await run.send('open', { url }), url).toEqual({ handler: true, result: { action: 'deny' } });
    }
    const opened = (await run.send<Json[]>('calls')).filter((c) => c.api === 'shell' && c.method === 'openExternal').map((c) => c.args[0]);
    expect(opened).toEqual(['https://example.org/help']);
    expect(await run.send('attachWebview')).toEqual({ prevented: true });
  });

  it('answers our own page through the real services and refuses any other frame', async () => {
    const userData = join(temp('idbox-electron-'), 'data');
    const { run, state } = await started({ userData });
    expect(state.ipcChannels).toEqual([CALL_CHANNEL]);
    const info = await call(run, 'app.info', {});
    expect(info).toEqual({
      ok: true,
      value: expect.objectContaining({ host: 'electron', name: 'Identity Box Companion', dataDir: userData, nativeDialogs: true }),
    });
    expect(info.value.version).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
    expect(info.value.secretStorage).toMatch(/system keychain/);
    expect(existsSync(userData)).toBe(true);

    const refused = { ok: false, error: { code: 'permission-denied', message: expect.any(String) } };
    expect(await call(run, 'app.info', {}, 'https://evil.example/')).toEqual(refused);
    expect(await call(run, 'app.info', {}, 'app://renderer.evil.example/index.html')).toEqual(refused);
    expect(await call(run, 'app.info', {}, OWN_FRAME, 'other-contents')).toEqual(refused);
    // The services reach the desktop through Electron: the file picker (on our window) and the file manager.
    await run.send('answerDialog', { path: '/media/KINGSTON' });
    expect(await call(run, 'dialog.pick', { kind: 'folder', title: 'Where should the archive go?' })).toEqual({ ok: true, value: { path: '/media/KINGSTON' } });
    expect(await call(run, 'dialog.pick', { kind: 'archive-file' })).toEqual({ ok: true, value: { path: null } });
    const dialogs = (await run.send<Json[]>('calls')).filter((c) => c.api === 'dialog');
    expect(dialogs.map((c) => [c.method, c.args[0]])).toEqual([
      ['showOpenDialog', '[window 1]'],
      ['showOpenDialog', '[window 1]'],
    ]);
    expect(dialogs[0]!.args[1]).toMatchObject({ title: 'Where should the archive go?', properties: ['openDirectory', 'createDirectory'] });
    expect(dialogs[1]!.args[1]).toMatchObject({ properties: ['openFile'], filters: [{ name: 'Identity Box archives', extensions: ['idbox'] }] });
    expect(await call(run, 'shell.reveal', { path: '/media/KINGSTON/a.idbox' })).toEqual({ ok: true, value: { revealed: true } });
    expect((await run.send<Json[]>('calls')).filter((c) => c.api === 'shell')).toEqual([{ api: 'shell', method: 'showItemInFolder', args: ['/media/KINGSTON/a.idbox'] }]);
    // Our page, a bad request: an answer, never a crash.
    expect(await call(run, 'shell.reveal', { path: 42 })).toMatchObject({ ok: false });
    expect(await call(run, 'no.such.call', {})).toMatchObject({ ok: false });
    // Events reach the page on the preload's channel.
    await call(run, 'app.notify', { title: 'Archive finished', body: 'KINGSTON' });
    expect((await run.send<Json>('state')).notifications).toEqual([{ title: 'Archive finished', body: 'KINGSTON' }]);
  });
});

const SLOW_DEMO = { IDBOX_TEST_HOOKS: '1', IDBOX_DEMO_THROTTLE_KBPS: '4' };

/** Starts an archive from the slow demo box (4 KB/s: about 8 s) into a fresh folder; resolves once it is downloading. */
async function archiveRunning(run: StandinRun) {
  const demo = await call(run, 'demo.start', {});
  expect(demo.ok, JSON.stringify(demo)).toBe(true);
  const destination = temp('idbox-electron-dest-');
  const result = call(run, 'archive.pull', {
    operationId: 'electron-close-1',
    boxUrl: demo.value.url,
    backupId: backupIdFromMnemonic(demo.value.mnemonic),
    destination,
  });
  void result.catch(() => undefined);
  // Running: its progress reaches the page on the preload's event channel, bytes arriving.
  const downloading = async () =>
    (await run.send<{ channel: string; args: Json[] }[]>('sent')).some(
      (s) => s.channel === EVENT_CHANNEL && s.args[0]?.event === 'operation.progress' && s.args[0].payload.stage === 'downloading' && s.args[0].payload.done > 0,
    );
  for (let i = 0; i < 600 && !(await downloading()); i++) await new Promise((resolve) => setTimeout(resolve, 100));
  expect(await downloading()).toBe(true);
  return { demo: demo.value as Json, destination, result };
}

const portOpen = (url: string) =>
  new Promise<boolean>((resolve) => {
    const socket = connect(Number(new URL(url).port), '127.0.0.1');
    socket.once('connect', () => resolve(true));
    socket.once('error', () => resolve(false));
  });

describe('the desktop app\'s lifecycle', () => {
  it('closing the window cancels the archive it started and leaves nothing in the folder', async () => {
    const { run } = await started({ env: SLOW_DEMO });
    const { destination, result } = await archiveRunning(run);
    await run.send('close');
    expect(await result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(readdirSync(destination)).toEqual([]);
  }, 120_000);

  it('reloading the page cancels the archive it started', async () => {
    const { run } = await started({ env: SLOW_DEMO });
    const { destination, result } = await archiveRunning(run);
    await run.send('reload');
    expect(await result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(readdirSync(destination)).toEqual([]);
    expect((await run.send<Json>('state')).windows[0].destroyed).toBe(false);
  }, 120_000);

  it('a second start shows and focuses the running window', async () => {
    const { run } = await started();
    await run.send('rendered');
    await run.send('minimize');
    await run.send('secondInstance');
    const state = await run.send<Json>('state');
    expect(state.windows).toHaveLength(1);
    expect(state.windows[0]).toMatchObject({ visible: true, focused: true, minimized: false });
  });

  it('a second start while the first is still starting brings up its one window once it is ready', async () => {
    const run = await start();
    await run.send('secondInstance');
    const state = await run.send<Json>('ready');
    expect(state.windows).toHaveLength(1);
    expect(state.windows[0]).toMatchObject({ visible: true, focused: true, url: OWN_FRAME });
  });

  it('a second instance hands over and ends without creating a window or touching the data folder', async () => {
    const userData = join(temp('idbox-electron-'), 'data');
    const run = new StandinRun(standin, { appDir, userData, env: { STANDIN_LOCK_HELD: '1' } });
    runs.push(run);
    expect(await run.exited).toBe(0);
    expect(existsSync(userData)).toBe(false);
  });

  it('started at login with --hidden (macOS, Windows): only the tray, whose Open brings the window', async () => {
    const login = { STANDIN_PLATFORM: 'darwin', STANDIN_OPEN_AT_LOGIN: '1' };
    const { run, state } = await started({ args: ['--hidden'], env: login });
    expect(state.windows).toEqual([]);
    expect(state.trays).toHaveLength(1);
    const menu = state.trays[0].menu.map((item: Json) => item.label);
    expect(menu).toContain('Quit');
    expect(state.trays[0].menu.find((item: Json) => item.label?.startsWith('Start at login')).checked).toBe(true);
    const opened = await run.send<Json>('trayClick', { label: menu.find((l: string | null) => l?.startsWith('Open')) });
    expect(opened.windows).toHaveLength(1);
    expect(opened.windows[0].url).toBe(OWN_FRAME);
    // Closing it leaves the app in the tray.
    await run.send('close');
    expect((await run.send<Json>('state')).quitting).toBe(false);

    // Without --hidden, or without start at login, the window opens as usual.
    expect((await started({ env: login })).state.windows).toHaveLength(1);
    expect((await started({ args: ['--hidden'], env: { STANDIN_PLATFORM: 'darwin' } })).state.windows).toHaveLength(1);
  });

  it('quitting waits for the running archive to clean up and stops the services', async () => {
    const { run } = await started({ env: SLOW_DEMO });
    const { demo, destination, result } = await archiveRunning(run);
    expect(await portOpen(demo.url)).toBe(true);
    await run.send('quit');
    // The archive finished cancelling (its clean-up ran) before the app ended; Electron ends the
    // process right after 'will-quit', so that takes waiting there.
    expect(await result).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await run.exited).toBe(0);
    expect(readdirSync(destination)).toEqual([]);
    expect(await portOpen(demo.url)).toBe(false);
  }, 120_000);
});
