import { EventEmitter } from 'node:events';
import { newEvent, record, settings } from './record';

/**
 * The stand-in's `app`: the lifecycle a test drives (ready, second instance, quit), modelled on
 * Electron's documented order: quit = before-quit, every window closed, will-quit, quit, exit; each
 * of the first two can be cancelled with preventDefault(). The part of Electron's App it implements
 * is exactly what electron/ uses (AppPart, checked against Electron's own types in electron.ts).
 */
export type AppPart = Pick<
  Electron.App,
  | 'on'
  | 'once'
  | 'whenReady'
  | 'isReady'
  | 'requestSingleInstanceLock'
  | 'quit'
  | 'getVersion'
  | 'getPath'
  | 'getLoginItemSettings'
  | 'setLoginItemSettings'
>;

/** The windows' side of quitting (app.ts does not import the window module: no cycle). */
export const windowRegistry = {
  open: [] as { close(): boolean }[],
};

/** Electron's listener methods return the full Electron object; the stand-in's are Node's EventEmitter's. */
export type Listening = 'on' | 'once' | 'removeListener';

export class StandinApp extends EventEmitter implements Omit<AppPart, Listening> {
  readonly standinLabel = '[app]';
  ready = false;
  quitting = false;
  terminated = false;
  private readyResolve!: () => void;
  private readonly readyPromise = new Promise<void>((resolve) => (this.readyResolve = resolve));

  whenReady(): Promise<void> {
    record('app', 'whenReady', []);
    return this.readyPromise;
  }

  isReady(): boolean {
    record('app', 'isReady', []);
    return this.ready;
  }

  requestSingleInstanceLock(additionalData?: Record<string, unknown>): boolean {
    record('app', 'requestSingleInstanceLock', [additionalData]);
    return !settings.lockHeld;
  }

  getVersion(): string {
    record('app', 'getVersion', []);
    return settings.appVersion;
  }

  getPath(name: Parameters<Electron.App['getPath']>[0]): string {
    record('app', 'getPath', [name]);
    if (name !== 'userData') throw new Error(`the Electron stand-in only knows the userData path, not ${name}`);
    return settings.userData;
  }

  getLoginItemSettings(options?: Electron.LoginItemSettingsOptions): Electron.LoginItemSettings {
    record('app', 'getLoginItemSettings', [options]);
    return { openAtLogin: settings.openAtLogin } as Electron.LoginItemSettings;
  }

  setLoginItemSettings(options: Electron.Settings): void {
    record('app', 'setLoginItemSettings', [options]);
    if (typeof options.openAtLogin === 'boolean') settings.openAtLogin = options.openAtLogin;
  }

  quit(): void {
    record('app', 'quit', []);
    if (this.quitting || this.terminated) return;
    this.quitting = true;
    // Electron quits asynchronously: the call returns first.
    setImmediate(() => this.runQuit());
  }

  private runQuit(): void {
    if (this.emit('before-quit', newEvent()) && this.lastPrevented()) return this.cancelQuit();
    for (const window of [...windowRegistry.open]) if (!window.close()) return this.cancelQuit();
    if (this.emit('will-quit', newEvent()) && this.lastPrevented()) return this.cancelQuit();
    this.emit('quit', newEvent(), 0);
    this.terminated = true;
    settings.onTerminate();
  }

  private lastEvent: { defaultPrevented: boolean } | null = null;
  override emit(name: string | symbol, ...args: unknown[]): boolean {
    const first = args[0];
    this.lastEvent = first && typeof first === 'object' && 'defaultPrevented' in first ? (first as { defaultPrevented: boolean }) : null;
    return super.emit(name, ...args);
  }

  private lastPrevented(): boolean {
    return this.lastEvent?.defaultPrevented === true;
  }

  private cancelQuit(): void {
    this.quitting = false;
  }

  /** The harness: Electron finished starting. */
  becomeReady(): void {
    this.ready = true;
    this.emit('ready', newEvent(), {});
    this.readyResolve();
  }

  /** The harness: all windows are gone (not while quitting, as in Electron); with no listener, Electron quits. */
  allWindowsClosed(): void {
    if (this.quitting) return;
    if (!this.emit('window-all-closed', newEvent())) this.quit();
  }
}

export const app = new StandinApp();
