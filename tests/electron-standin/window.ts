import { EventEmitter } from 'node:events';
import { app, windowRegistry, type Listening } from './app';
import { newEvent, record } from './record';

/**
 * BrowserWindow and its webContents, as far as electron/ uses them. No page is drawn: a test fires
 * the events a page would cause (ready-to-show, will-navigate, window.open, a reload) and reads
 * what the window was told (loadURL, show, focus, send).
 */
export type WebContentsPart = Pick<Electron.WebContents, 'on' | 'send' | 'setWindowOpenHandler' | 'executeJavaScript'>;

export interface WindowPart extends Pick<Electron.BrowserWindow, 'on' | 'once' | 'loadURL' | 'isMinimized' | 'restore' | 'show' | 'focus'> {
  readonly webContents: WebContentsPart;
}

export interface WindowConstructor {
  new (options?: Electron.BrowserWindowConstructorOptions): WindowPart;
  getAllWindows(): WindowPart[];
}

let nextId = 1;

export class StandinWebContents extends EventEmitter implements Omit<WebContentsPart, Listening> {
  readonly id = nextId++;
  readonly standinLabel = `[webContents ${this.id}]`;
  url = '';
  windowOpenHandler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0] | null = null;
  readonly sent: { channel: string; args: unknown[] }[] = [];
  readonly executed: string[] = [];

  send(channel: string, ...args: unknown[]): void {
    record('webContents', 'send', [channel, ...args]);
    this.sent.push({ channel, args });
  }

  setWindowOpenHandler(handler: Parameters<Electron.WebContents['setWindowOpenHandler']>[0]): void {
    record('webContents', 'setWindowOpenHandler', [handler]);
    this.windowOpenHandler = handler;
  }

  executeJavaScript(code: string, userGesture?: boolean): Promise<unknown> {
    record('webContents', 'executeJavaScript', [code, userGesture]);
    this.executed.push(code);
    return Promise.resolve(undefined);
  }
}

export class StandinWindow extends EventEmitter implements Omit<WindowPart, Listening | 'webContents'> {
  static readonly open: StandinWindow[] = [];
  static readonly created: StandinWindow[] = [];

  static getAllWindows(): StandinWindow[] {
    record('BrowserWindow', 'getAllWindows', []);
    return [...StandinWindow.open];
  }

  readonly webContents = new StandinWebContents();
  readonly standinLabel = `[window ${this.webContents.id}]`;
  readonly options: Electron.BrowserWindowConstructorOptions;
  visible = false;
  minimized = false;
  focused = false;
  destroyed = false;

  constructor(options: Electron.BrowserWindowConstructorOptions = {}) {
    super();
    record('BrowserWindow', 'new', [options]);
    // Electron: no window before the app is ready.
    if (!app.ready) throw new Error('Cannot create BrowserWindow before app is ready');
    this.options = options;
    this.visible = options.show !== false;
    StandinWindow.open.push(this);
    StandinWindow.created.push(this);
    windowRegistry.open.push(this);
    app.emit('web-contents-created', newEvent(), this.webContents);
  }

  loadURL(url: string, options?: Electron.LoadURLOptions): Promise<void> {
    record('BrowserWindow', 'loadURL', [url, options]);
    this.webContents.url = url;
    return Promise.resolve();
  }

  isMinimized(): boolean {
    record('BrowserWindow', 'isMinimized', []);
    return this.minimized;
  }

  restore(): void {
    record('BrowserWindow', 'restore', []);
    this.minimized = false;
  }

  show(): void {
    record('BrowserWindow', 'show', []);
    this.visible = true;
  }

  focus(): void {
    record('BrowserWindow', 'focus', []);
    this.focused = true;
  }

  /** The person closes the window (or the app quits): 'close' may be prevented, then 'closed'. */
  close(): boolean {
    if (this.destroyed) return true;
    const event = newEvent();
    this.emit('close', event);
    if (event.defaultPrevented) return false;
    this.destroyed = true;
    this.visible = false;
    StandinWindow.open.splice(StandinWindow.open.indexOf(this), 1);
    windowRegistry.open.splice(windowRegistry.open.indexOf(this), 1);
    this.emit('closed');
    this.webContents.emit('destroyed');
    if (StandinWindow.open.length === 0) app.allWindowsClosed();
    return true;
  }
}

