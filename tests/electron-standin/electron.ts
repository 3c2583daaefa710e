/**
 * The Electron stand-in: what `import ... from 'electron'` gives the built app in tests
 * (tests/electron-standin/hooks.mjs resolves 'electron' here). It holds exactly the part of
 * Electron's API that electron/ uses, each piece typed as a Pick of Electron's own declarations
 * (node_modules/electron/electron.d.ts), and records every call (record.ts).
 *
 * Two compile-time guarantees:
 * - tests/electron-standin/tsconfig.json typechecks electron/ with 'electron' mapped to this file:
 *   a use of Electron that the stand-in does not cover does not compile.
 * - `Covers` below: each piece is a true subset of Electron's, so the stand-in invents nothing.
 */
import { app as standinApp, type AppPart, type Listening } from './app';
import { contextBridge, ipcRenderer as standinIpcRenderer, webUtils, type ContextBridgePart, type IpcRendererPart, type WebUtilsPart } from './renderer';
import {
  dialog,
  Menu,
  nativeImage,
  Notification,
  safeStorage,
  shell,
  Tray,
  type MenuModulePart,
  type NativeImageModulePart,
  type SafeStoragePart,
  type ShellPart,
  type TrayPart,
} from './system';
import { ipcMain, net, protocol, session, type IpcMainPart, type NetPart, type ProtocolPart, type SessionPart } from './web';
import { StandinWindow, type WebContentsPart, type WindowConstructor, type WindowPart } from './window';

/** A stand-in object as Electron's type: checked for every member but the listener methods (Node's EventEmitter). */
function listening<Part>(impl: Omit<Part, Listening>): Part {
  return impl as Part;
}

export const app = listening<AppPart>(standinApp);
export const ipcRenderer = listening<IpcRendererPart>(standinIpcRenderer);
// Each window's members are checked by `implements` in window.ts; its webContents' listeners are EventEmitter's.
export const BrowserWindow = StandinWindow as unknown as WindowConstructor;

export { contextBridge, dialog, ipcMain, Menu, nativeImage, net, Notification, protocol, safeStorage, session, shell, Tray, webUtils };

// The types electron/ imports by name.
export type BrowserWindow = WindowPart;
export type WebContents = WebContentsPart;
export type Tray = TrayPart;
export type NativeImage = Electron.NativeImage;
export type MenuItemConstructorOptions = Electron.MenuItemConstructorOptions;

/** Compiles only when Electron's real `Real` can stand where the stand-in's `Part` is expected. */
type Covers<Part, Real extends Part> = [Part, Real];
export type StandinCoversElectron = [
  Covers<AppPart, Electron.App>,
  Covers<WindowPart, Electron.BrowserWindow>,
  Covers<WebContentsPart, Electron.WebContents>,
  Covers<IpcMainPart, Electron.IpcMain>,
  Covers<ProtocolPart, Electron.Protocol>,
  Covers<SessionPart, Electron.Session>,
  Covers<NetPart, Electron.Net>,
  Covers<ShellPart, Electron.Shell>,
  Covers<SafeStoragePart, Electron.SafeStorage>,
  Covers<NativeImageModulePart, typeof Electron.nativeImage>,
  Covers<MenuModulePart, typeof Electron.Menu>,
  Covers<TrayPart, Electron.Tray>,
  Covers<ContextBridgePart, Electron.ContextBridge>,
  Covers<IpcRendererPart, Electron.IpcRenderer>,
  Covers<WebUtilsPart, Electron.WebUtils>,
];
// The window-taking dialogs (WindowPart for Electron's BaseWindow) and the Notification class
// (options and show() as Electron declares them) are written out in system.ts from Electron's types.
export type NotificationCovers = Covers<{ show(): void }, Electron.Notification>;
