import { app, BrowserWindow, dialog, ipcMain, net, Notification, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { dirname, join, normalize, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { referenceDemoKit } from '../box/demo-kit';
import type { SecretCodec } from '../services/deps';
import { createLogger } from '../services/log';
import { PRODUCT_NAME } from '../services/paths';
import { createRuntime, type Runtime } from '../services/runtime';
import { contentSecurityPolicy } from '../shared/csp';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import { createTray, startsAtLogin } from './tray';

/**
 * Composition only: the window, its security settings, and the contract wired to the services.
 * All real work lives in services/ (Electron-free) and is shared with the browser host.
 */
const log = createLogger('main');
const SCHEME = 'app';
const ORIGIN = `${SCHEME}://renderer`;
// Bundled to dist-electron/main.js (ESM); the preload is CommonJS because sandboxed preloads must be.
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

if (!app.requestSingleInstanceLock()) {
  app.quit();
}

let window: BrowserWindow | null = null;
let runtime: Runtime | null = null;
let tray: ReturnType<typeof createTray> | null = null;
const TRAY_EVENTS = new Set(['copies.changed', 'automation.ran', 'drives.changed']);

const safeStorageCodec: SecretCodec = {
  get description() {
    return safeStorage.isEncryptionAvailable()
      ? 'Remembered backup ids are encrypted with your system keychain.'
      : 'Your system keychain is not available, so remembered backup ids are kept in the app data folder, readable only by your user account.';
  },
  encrypt: (plain) => (safeStorage.isEncryptionAvailable() ? safeStorage.encryptString(plain) : Buffer.from(plain, 'utf8')),
  decrypt: (data) => (safeStorage.isEncryptionAvailable() ? safeStorage.decryptString(data) : data.toString('utf8')),
};

function isOwnFrame(contents: WebContents, frameUrl: string | undefined): boolean {
  return window !== null && contents === window.webContents && typeof frameUrl === 'string' && frameUrl.startsWith(`${ORIGIN}/`);
}

function createWindow(route?: string): void {
  window = new BrowserWindow({
    width: 1100,
    height: 800,
    minWidth: 720,
    minHeight: 560,
    title: PRODUCT_NAME,
    show: false,
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window?.show());
  window.webContents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${ORIGIN}/`)) event.preventDefault();
  });
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // A window that closes, reloads or crashes cancels what it started, as the browser host does.
  window.webContents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) runtime?.dispatcher.cancelAll();
  });
  window.webContents.on('render-process-gone', () => runtime?.dispatcher.cancelAll());
  window.on('closed', () => {
    runtime?.dispatcher.cancelAll();
    window = null;
  });
  void window.loadURL(`${ORIGIN}/index.html${route ? `#/${route}` : ''}`);
}

/** Brings the window up (creating it when the app runs in the tray only), optionally on a screen. */
function showWindow(route?: string): void {
  if (!window) return createWindow(route);
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
  if (route) void window.webContents.executeJavaScript(`location.hash = ${JSON.stringify(`#/${route}`)}`);
}

app.on('web-contents-created', (_event, contents) => {
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

void app.whenReady().then(() => {
  // The renderer is loaded from the app's own files only, through our scheme.
  protocol.handle(SCHEME, (request) => {
    const url = new URL(request.url);
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, '');
    const file = join(rendererDir, rel || 'index.html');
    if (url.host !== 'renderer' || !file.startsWith(rendererDir + sep)) return new Response('not found', { status: 404 });
    return net.fetch(pathToFileURL(file).toString());
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [contentSecurityPolicy(null)] } });
  });

  runtime = createRuntime(
    {
      appName: PRODUCT_NAME,
      appVersion: app.getVersion(),
      host: 'electron',
      dataDir: app.getPath('userData'),
      secrets: safeStorageCodec,
      dialogs: {
        async pick(req) {
          if (!window) return null;
          if (req.kind === 'save-report') {
            const res = await dialog.showSaveDialog(window, { title: req.title, defaultPath: req.defaultName });
            return res.canceled ? null : (res.filePath ?? null);
          }
          const properties: ('openFile' | 'openDirectory' | 'createDirectory')[] =
            req.kind === 'folder' ? ['openDirectory', 'createDirectory'] : req.kind === 'archive-file' ? ['openFile'] : ['openFile', 'openDirectory'];
          const filters = req.kind === 'archive-file' ? [{ name: 'Identity Box archives', extensions: ['idbox'] }] : undefined;
          const res = await dialog.showOpenDialog(window, { title: req.title, properties, filters });
          return res.canceled ? null : (res.filePaths[0] ?? null);
        },
      },
      shell: {
        async reveal(path) {
          shell.showItemInFolder(path);
          return true;
        },
      },
      notifier: {
        show(title, body) {
          if (!Notification.isSupported()) return false;
          new Notification({ title, body }).show();
          return true;
        },
      },
      demoKit: referenceDemoKit,
    },
    (event, payload) => {
      window?.webContents.send(EVENT_CHANNEL, { event, payload });
      if (TRAY_EVENTS.has(event)) void tray?.refresh();
    },
  );

  ipcMain.handle(CALL_CHANNEL, async (event, name: unknown, payload: unknown) => {
    if (!isOwnFrame(event.sender, event.senderFrame?.url)) {
      log.warn('refused a call from a frame that is not our page');
      return { ok: false, error: { code: 'permission-denied', message: 'Refused: the request did not come from the app.' } };
    }
    return runtime!.dispatcher.dispatch(String(name), payload);
  });

  try {
    tray = createTray({ dispatcher: runtime.dispatcher, show: showWindow, quit: () => app.quit() });
  } catch (err) {
    log.warn(`no tray icon on this desktop: ${(err as Error).message}`);
  }
  // Started at login (opt-in, from the tray menu): stay in the tray; plug-in archiving runs without a window.
  if (!(process.argv.includes('--hidden') && startsAtLogin() && tray)) createWindow();
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createWindow();
  });
});

app.on('second-instance', () => showWindow());

app.on('window-all-closed', () => {
  // With start at login on, closing the window leaves the app in the tray, still archiving sticks.
  if (tray && startsAtLogin()) return;
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  tray?.destroy();
  void runtime?.dispose();
});
