import { contextBridge, ipcRenderer, webUtils } from 'electron';
import type { CompanionApi, EventName } from '../shared/contract';
import { API_GLOBAL } from '../shared/contract/global';
import { CALL_CHANNEL, EVENT_CHANNEL } from './channels';

/**
 * The preload exposes ONE object, typed from the contract: a generic invoke and on. Never raw
 * ipcRenderer. Requests are validated again in the main process; nothing here is trusted.
 */
const api: CompanionApi & { pathForFile(file: File): string } = {
  invoke: (name, request) => ipcRenderer.invoke(CALL_CHANNEL, name, request),
  on: (name: EventName, listener) => {
    const handler = (_event: unknown, message: { event: string; payload: unknown }) => {
      if (message?.event === name) (listener as (p: unknown) => void)(message.payload);
    };
    ipcRenderer.on(EVENT_CHANNEL, handler);
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, handler);
  },
  // Dropped files: the sandboxed page cannot see paths; the preload may ask Electron for one.
  pathForFile: (file) => webUtils.getPathForFile(file),
};

contextBridge.exposeInMainWorld(API_GLOBAL, api);
