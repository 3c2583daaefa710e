import { EventEmitter } from 'node:events';
import { record } from './record';

/**
 * The preload's side: contextBridge, ipcRenderer and webUtils. `exposed` holds what the preload
 * gave the page; `invoke` answers through `respond`, which a test sets.
 */
export type ContextBridgePart = Pick<Electron.ContextBridge, 'exposeInMainWorld'>;
export type IpcRendererPart = Pick<Electron.IpcRenderer, 'invoke' | 'on' | 'removeListener'>;
export type WebUtilsPart = Pick<Electron.WebUtils, 'getPathForFile'>;

export const exposed = new Map<string, unknown>();

export const contextBridge: ContextBridgePart = {
  exposeInMainWorld(apiKey, api) {
    record('contextBridge', 'exposeInMainWorld', [apiKey, api]);
    // Electron refuses to expose the same key twice.
    if (exposed.has(apiKey)) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${apiKey}`);
    exposed.set(apiKey, api);
  },
};

class StandinIpcRenderer extends EventEmitter implements Omit<IpcRendererPart, 'on' | 'removeListener'> {
  respond: (channel: string, ...args: unknown[]) => Promise<unknown> = async () => undefined;
  invoke(channel: string, ...args: unknown[]): Promise<unknown> {
    record('ipcRenderer', 'invoke', [channel, ...args]);
    return this.respond(channel, ...args);
  }
  override on(channel: string, listener: (event: Electron.IpcRendererEvent, ...args: unknown[]) => void): this {
    record('ipcRenderer', 'on', [channel, listener]);
    return super.on(channel, listener);
  }
  override removeListener(channel: string, listener: (event: Electron.IpcRendererEvent, ...args: unknown[]) => void): this {
    record('ipcRenderer', 'removeListener', [channel, listener]);
    return super.removeListener(channel, listener);
  }
}

export const ipcRenderer = new StandinIpcRenderer();

/** Files a test "drops": File objects and the paths Electron would know for them. */
export const droppedFiles = new WeakMap<object, string>();

export const webUtils: WebUtilsPart = {
  getPathForFile(file) {
    record('webUtils', 'getPathForFile', [file]);
    return droppedFiles.get(file) ?? '';
  },
};
