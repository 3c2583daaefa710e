import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { app } from './app';
import { record } from './record';

/**
 * ipcMain, protocol, session and net: where the page's requests meet the main process. A test calls
 * the handlers electron/ registered, with the arguments Electron would pass.
 */
export type IpcMainPart = Pick<Electron.IpcMain, 'handle'>;
export type ProtocolPart = Pick<Electron.Protocol, 'registerSchemesAsPrivileged' | 'handle'>;
export type SessionPart = Pick<Electron.Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'>;
export type NetPart = Pick<Electron.Net, 'fetch'>;

type InvokeListener = Parameters<Electron.IpcMain['handle']>[1];
type ProtocolHandler = Parameters<Electron.Protocol['handle']>[1];

export const ipcMain = new (class implements IpcMainPart {
  readonly handlers = new Map<string, InvokeListener>();
  handle(channel: string, listener: InvokeListener): void {
    record('ipcMain', 'handle', [channel, listener]);
    // Electron refuses a second handler for one channel.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }
})();

export const protocol = new (class implements ProtocolPart {
  readonly privileged: Electron.CustomScheme[] = [];
  readonly handlers = new Map<string, ProtocolHandler>();
  registerSchemesAsPrivileged(customSchemes: Electron.CustomScheme[]): void {
    record('protocol', 'registerSchemesAsPrivileged', [customSchemes]);
    // Electron: "This method can only be used before the ready event of the app module gets emitted".
    if (app.ready) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready');
    this.privileged.push(...customSchemes);
  }
  handle(scheme: string, handler: ProtocolHandler): void {
    record('protocol', 'handle', [scheme, handler]);
    if (!app.ready) throw new Error('protocol.handle cannot be used before the app is ready');
    if (this.handlers.has(scheme)) throw new Error(`Failed to register protocol: ${scheme}`);
    this.handlers.set(scheme, handler);
  }
})();

type PermissionRequestHandler = Parameters<Electron.Session['setPermissionRequestHandler']>[0];
type PermissionCheckHandler = Parameters<Electron.Session['setPermissionCheckHandler']>[0];

class StandinSession implements SessionPart {
  readonly standinLabel = '[session]';
  permissionRequestHandler: PermissionRequestHandler = null;
  permissionCheckHandler: PermissionCheckHandler = null;
  setPermissionRequestHandler(handler: PermissionRequestHandler): void {
    record('session', 'setPermissionRequestHandler', [handler]);
    this.permissionRequestHandler = handler;
  }
  setPermissionCheckHandler(handler: PermissionCheckHandler): void {
    record('session', 'setPermissionCheckHandler', [handler]);
    this.permissionCheckHandler = handler;
  }
}

const defaultSession = new StandinSession();
export const session = {
  /** Electron: the default session exists only once the app is ready. */
  get defaultSession(): SessionPart {
    if (!app.ready) throw new Error('session.defaultSession is only available after the app is ready');
    return defaultSession;
  },
};
export const standinSession = defaultSession;

/** Chromium's file loader names these types by extension; other files get a generic type. */
const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

/** net.fetch for file: URLs, the only kind electron/ fetches (the app:// handler reading its own files). */
export const net: NetPart = {
  async fetch(input: string | GlobalRequest, init?: RequestInit & { bypassCustomProtocolHandlers?: boolean }): Promise<GlobalResponse> {
    record('net', 'fetch', [input, init]);
    const url = new URL(typeof input === 'string' ? input : input.url);
    if (url.protocol !== 'file:') throw new Error(`the Electron stand-in's net.fetch reads file: URLs only, not ${url.protocol}`);
    const path = fileURLToPath(url);
    // Chromium answers a missing file with net::ERR_FILE_NOT_FOUND (a rejected fetch).
    const info = await stat(path).catch(() => null);
    if (!info) throw new TypeError(`net::ERR_FILE_NOT_FOUND ${url.href}`);
    if (!info.isFile()) throw new Error(`the Electron stand-in does not model Chromium's directory listing (${url.href})`);
    const body = await readFile(path);
    return new Response(body, { status: 200, headers: { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' } });
  },
};
