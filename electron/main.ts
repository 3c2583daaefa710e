import { app, BrowserWindow, dialog, ipcMain, net, Notification, protocol, safeStorage, session, shell, type WebContents } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { referenceDemoKit } from '../box/demo-kit';
import type { SecretCodec } from '../services/deps';
import { createLogger } from '../services/log';
import { PRODUCT_NAME } from '../services/paths';
import { createRuntime, type Runtime } from '../services/runtime';
import { appProtocolHandler, ORIGIN, SCHEME } from './app-protocol';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';
import { createTray, startsAtLogin } from './tray';

/**
 * Composition only: the window, its security settings, and the contract wired to the services.
 * All real work lives in services/ (Electron-free) and is shared with the browser host.
 */
const log = createLogger('main');
// Bundled to dist-electron/main.js (ESM); the preload is CommonJS because sandboxed preloads must be.
const here = dirname(fileURLToPath(import.meta.url));
const rendererDir = join(here, '..', 'dist', 'renderer');

protocol.registerSchemesAsPrivileged([
  { scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
]);

let window: BrowserWindow | null = null;
let runtime: Runtime | null = null;
let tray: ReturnType<typeof createTray> | null = null;
const TRAY_EVENTS = new Set(['copies.changed', 'automation.ran', 'drives.changed']);
/** Calls from the window still running: quitting waits for them to finish cancelling. */
const inFlight = new Set<Promise<unknown>>();
const SHUTDOWN_LIMIT_MS = 10_000;

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

function start(): void {
  // The renderer is loaded from the app's own files only, through our scheme.
  protocol.handle(SCHEME, appProtocolHandler(rendererDir, (url) => net.fetch(url)));
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

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
    const call = runtime!.dispatcher.dispatch(String(name), payload);
    inFlight.add(call);
    void call.finally(() => inFlight.delete(call));
    return call;
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
}

/** Cancels what runs, waits (bounded) for it to clean up after itself, then stops the services. */
async function shutDown(): Promise<void> {
  tray?.destroy();
  tray = null;
  if (!runtime) return;
  runtime.dispatcher.cancelAll();
  const bounded = (work: Promise<unknown>) => Promise.race([work, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_LIMIT_MS).unref())]);
  await bounded(Promise.allSettled([...inFlight]));
  await bounded(runtime.dispose());
  runtime = null;
}

// One app per user: a second start hands over to the first (it shows its window) and ends, before
// it touches the data folder.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  void app.whenReady().then(start);
  app.on('second-instance', () => void app.whenReady().then(() => showWindow()));
  app.on('window-all-closed', () => {
    // With start at login on, closing the window leaves the app in the tray, still archiving sticks.
    if (tray && startsAtLogin()) return;
    if (process.platform !== 'darwin') app.quit();
  });
  // Electron exits right after will-quit: hold it until running work has removed its temp files
  // and the services (demo box, watchers) have stopped, then quit again.
  let stopped = false;
  app.on('will-quit', (event) => {
    if (stopped) return;
    event.preventDefault();
    void shutDown()
      .catch((err: unknown) => log.warn(`shutting down: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        stopped = true;
        app.quit();
      });
  });
}
