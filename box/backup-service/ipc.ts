import { IPCModule } from '@node-ipc/node-ipc';

/** The part of node-ipc the box services use; its shipped typings are too loose to use directly. */
export interface IpcSocketClient {
  on(event: string, listener: (...args: never[]) => void): void;
  emit(event: string, data: unknown): void;
}

export interface Ipc {
  config: { appspace: string; socketRoot: string; id: string; retry: number; silent: boolean };
  serve(callback: () => void): void;
  server: {
    on(event: string, listener: (data: never, socket: unknown) => void): void;
    emit(socket: unknown, event: string, data: unknown): void;
    start(): void;
    stop(): void;
  };
  connectTo(id: string, callback: () => void): void;
  of: Record<string, IpcSocketClient | undefined>;
  disconnect(id: string): void;
}

export function createIpc(options: { appspace: string; socketRoot: string; id: string }): Ipc {
  const ipc = new IPCModule() as unknown as Ipc;
  ipc.config.appspace = options.appspace;
  ipc.config.socketRoot = options.socketRoot;
  ipc.config.id = options.id;
  ipc.config.retry = 1500;
  ipc.config.silent = true;
  return ipc;
}
