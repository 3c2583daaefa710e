import { EventEmitter } from 'node:events';
import { record, settings } from './record';
import type { WindowPart } from './window';

/**
 * The desktop's own services: dialogs, the file manager and browser, notifications, the keychain
 * and the tray. Nothing is drawn or shown; each call is recorded, and a dialog answers what the
 * test queued (Cancel when nothing was).
 */
export interface DialogPart {
  showSaveDialog(window: WindowPart, options: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue>;
  showOpenDialog(window: WindowPart, options: Electron.OpenDialogOptions): Promise<Electron.OpenDialogReturnValue>;
}
export type ShellPart = Pick<Electron.Shell, 'openExternal' | 'showItemInFolder'>;
export type SafeStoragePart = Pick<Electron.SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString'>;
export type NativeImageModulePart = Pick<typeof Electron.nativeImage, 'createFromBitmap'>;
export type MenuModulePart = Pick<typeof Electron.Menu, 'buildFromTemplate'>;

export const dialogAnswers: (string | null)[] = [];

export const dialog: DialogPart = {
  async showSaveDialog(window, options) {
    record('dialog', 'showSaveDialog', [window, options]);
    const path = dialogAnswers.shift() ?? null;
    return path === null ? { canceled: true, filePath: '' } : { canceled: false, filePath: path };
  },
  async showOpenDialog(window, options) {
    record('dialog', 'showOpenDialog', [window, options]);
    const path = dialogAnswers.shift() ?? null;
    return path === null ? { canceled: true, filePaths: [] } : { canceled: false, filePaths: [path] };
  },
};

export const shell: ShellPart = {
  async openExternal(url, options) {
    record('shell', 'openExternal', [url, options]);
  },
  showItemInFolder(fullPath) {
    record('shell', 'showItemInFolder', [fullPath]);
  },
};

/** The keychain: an encoding that is visibly not the plain text, reversible only by itself. */
const SEALED = Buffer.from('standin-keychain:');
export const safeStorage: SafeStoragePart = {
  isEncryptionAvailable() {
    record('safeStorage', 'isEncryptionAvailable', []);
    return settings.keychain;
  },
  encryptString(plainText) {
    record('safeStorage', 'encryptString', ['[secret]']);
    if (!settings.keychain) throw new Error('Error while encrypting the text provided to safeStorage.encryptString. Encryption is not available.');
    return Buffer.concat([SEALED, Buffer.from(Buffer.from(plainText, 'utf8').map((b) => b ^ 0x5a))]);
  },
  decryptString(encrypted) {
    record('safeStorage', 'decryptString', [encrypted]);
    if (!encrypted.subarray(0, SEALED.length).equals(SEALED)) throw new Error('Error while decrypting the ciphertext provided to safeStorage.decryptString.');
    return Buffer.from(encrypted.subarray(SEALED.length).map((b) => b ^ 0x5a)).toString('utf8');
  },
};

export class Notification extends EventEmitter {
  static readonly shown: Electron.NotificationConstructorOptions[] = [];
  static isSupported(): boolean {
    record('Notification', 'isSupported', []);
    return true;
  }
  readonly standinLabel = '[notification]';
  constructor(private readonly options: Electron.NotificationConstructorOptions = {}) {
    super();
    record('Notification', 'new', [options]);
  }
  show(): void {
    record('Notification', 'show', []);
    Notification.shown.push(this.options);
  }
}

export class StandinImage {
  readonly standinLabel: string;
  constructor(
    readonly bitmap: Buffer,
    readonly width: number,
    readonly height: number,
  ) {
    this.standinLabel = `[image ${width}x${height}]`;
  }
}

export const nativeImage: NativeImageModulePart = {
  createFromBitmap(buffer, options) {
    record('nativeImage', 'createFromBitmap', [buffer, options]);
    if (buffer.length !== options.width * options.height * 4) throw new Error('Invalid buffer size');
    return new StandinImage(buffer, options.width, options.height) as unknown as Electron.NativeImage;
  },
};

export class StandinMenu {
  readonly standinLabel = '[menu]';
  constructor(readonly template: (Electron.MenuItemConstructorOptions | Electron.MenuItem)[]) {}
}

export const Menu: MenuModulePart = {
  buildFromTemplate(template) {
    record('Menu', 'buildFromTemplate', [template]);
    return new StandinMenu(template) as unknown as Electron.Menu;
  },
};

export type TrayPart = Pick<Electron.Tray, 'setImage' | 'setToolTip' | 'setContextMenu' | 'destroy'>;
export interface TrayConstructor {
  new (image: Electron.NativeImage | string, guid?: string): TrayPart;
}

export class StandinTray extends EventEmitter implements TrayPart {
  static readonly created: StandinTray[] = [];
  readonly standinLabel = '[tray]';
  image: StandinImage | string;
  toolTip = '';
  menu: StandinMenu | null = null;
  destroyed = false;
  constructor(image: Electron.NativeImage | string, guid?: string) {
    super();
    record('Tray', 'new', [image, guid]);
    this.image = image as unknown as StandinImage | string;
    StandinTray.created.push(this);
  }
  setImage(image: Electron.NativeImage | string): void {
    record('Tray', 'setImage', [image]);
    this.image = image as unknown as StandinImage | string;
  }
  setToolTip(toolTip: string): void {
    record('Tray', 'setToolTip', [toolTip]);
    this.toolTip = toolTip;
  }
  setContextMenu(menu: Electron.Menu | null): void {
    record('Tray', 'setContextMenu', [menu]);
    this.menu = menu as unknown as StandinMenu | null;
  }
  destroy(): void {
    record('Tray', 'destroy', []);
    this.destroyed = true;
  }
}

export const Tray: TrayConstructor = StandinTray;
