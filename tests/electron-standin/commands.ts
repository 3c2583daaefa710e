import { app } from './app';
import { calls, newEvent, serializable } from './record';
import { dialogAnswers, Notification, StandinImage, StandinTray } from './system';
import { ipcMain, protocol, standinSession } from './web';
import { StandinWebContents, StandinWindow } from './window';

/**
 * What a test can make happen in the stand-in's process, each answered with plain JSON: the events
 * Electron and the page would cause, and reads of what the app did with them.
 */
type Args = Record<string, unknown>;

function windowAt(args: Args): StandinWindow {
  const window = StandinWindow.created[Number(args.window ?? 0)];
  if (!window) throw new Error(`no window ${String(args.window ?? 0)}`);
  return window;
}

function trayState(tray: StandinTray) {
  const image = tray.image instanceof StandinImage ? tray.image : null;
  // The colour at the dot's centre (BGRA), so a test can tell the tones apart.
  const centre = image ? [...image.bitmap.subarray((8 * image.width + 8) * 4, (8 * image.width + 8) * 4 + 4)] : null;
  return {
    toolTip: tray.toolTip,
    destroyed: tray.destroyed,
    centre,
    menu: (tray.menu?.template ?? []).map((item) => ({ label: item.label ?? null, type: item.type ?? 'normal', enabled: item.enabled ?? true, checked: item.checked ?? null })),
  };
}

export const commands: Record<string, (args: Args) => unknown> = {
  ready() {
    app.becomeReady();
    return new Promise((resolve) => setImmediate(() => resolve(commands.state!({}))));
  },
  state() {
    return {
      ready: app.ready,
      quitting: app.quitting,
      windows: StandinWindow.created.map((w) => ({
        options: serializable(w.options),
        url: w.webContents.url,
        visible: w.visible,
        focused: w.focused,
        minimized: w.minimized,
        destroyed: w.destroyed,
      })),
      trays: StandinTray.created.map(trayState),
      privilegedSchemes: protocol.privileged,
      protocols: [...protocol.handlers.keys()],
      ipcChannels: [...ipcMain.handlers.keys()],
      notifications: Notification.shown,
    };
  },
  calls: () => serializable(calls),
  async protocol(args) {
    const handler = protocol.handlers.get(String(args.scheme ?? 'app'));
    if (!handler) throw new Error('no handler for that scheme');
    const res = await handler(new Request(String(args.url)));
    const body = Buffer.from(await res.arrayBuffer());
    return { status: res.status, headers: Object.fromEntries(res.headers), bytes: body.length, text: body.subarray(0, 200_000).toString('utf8') };
  },
  rendered(args) {
    windowAt(args).emit('ready-to-show', newEvent());
    return commands.state!({});
  },
  minimize(args) {
    const window = windowAt(args);
    window.minimized = true;
    window.focused = false;
    return null;
  },
  navigate(args) {
    const event = newEvent({ url: String(args.url), isMainFrame: true, isSameDocument: false });
    windowAt(args).webContents.emit('will-navigate', event, String(args.url));
    return { prevented: event.defaultPrevented };
  },
  reload(args) {
    const url = windowAt(args).webContents.url;
    windowAt(args).webContents.emit('did-start-navigation', newEvent({ url, isMainFrame: true, isSameDocument: false, isSameDocumentNavigation: false }));
    return null;
  },
  attachWebview(args) {
    const event = newEvent();
    windowAt(args).webContents.emit('will-attach-webview', event, {}, {});
    return { prevented: event.defaultPrevented };
  },
  open(args) {
    const handler = windowAt(args).webContents.windowOpenHandler;
    if (!handler) return { handler: false };
    const details = { url: String(args.url), frameName: '', features: '', disposition: 'foreground-tab', referrer: { url: '', policy: 'default' } };
    return { handler: true, result: serializable(handler(details as unknown as Electron.HandlerDetails)) };
  },
  async permission(args) {
    const request = standinSession.permissionRequestHandler;
    const check = standinSession.permissionCheckHandler;
    const contents = windowAt(args).webContents as unknown as Electron.WebContents;
    const permission = String(args.permission) as 'media';
    const granted = request
      ? await new Promise<boolean>((resolve) => request(contents, permission, resolve, { requestingUrl: contents.getURL?.() ?? '' } as Electron.PermissionRequest))
      : 'no handler: Electron grants it';
    const checked = check ? check(contents, permission, 'app://renderer', {} as Electron.PermissionCheckHandlerHandlerDetails) : 'no handler: Electron grants it';
    return { granted, checked };
  },
  async invoke(args) {
    const listener = ipcMain.handlers.get(String(args.channel));
    if (!listener) throw new Error(`no ipcMain handler for ${String(args.channel)}`);
    const own = StandinWindow.created[Number(args.window ?? 0)]?.webContents;
    const sender = args.sender === 'other-contents' ? new StandinWebContents() : own;
    const event = { sender, senderFrame: { url: String(args.frameUrl) }, processId: 1, frameId: 1 };
    return listener(event as unknown as Electron.IpcMainInvokeEvent, ...((args.args as unknown[]) ?? []));
  },
  sent: (args) => serializable(windowAt(args).webContents.sent),
  executed: (args) => windowAt(args).webContents.executed,
  close(args) {
    return { closed: windowAt(args).close() };
  },
  secondInstance() {
    app.emit('second-instance', newEvent(), [process.execPath, '.'], process.cwd(), {});
    return null;
  },
  quit() {
    app.quit();
    return null;
  },
  async trayClick(args) {
    const tray = StandinTray.created.at(-1);
    const item = tray?.menu?.template.find((i) => i.label === args.label);
    if (!item?.click) throw new Error(`no tray menu item "${String(args.label)}"`);
    (item.click as () => void)();
    await new Promise((resolve) => setImmediate(resolve));
    return commands.state!({});
  },
  answerDialog(args) {
    dialogAnswers.push((args.path as string | null) ?? null);
    return null;
  },
};
