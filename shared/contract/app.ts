import { z } from 'zod';
import { call, event } from './define';

/** A long operation is named by an id the renderer makes (crypto.randomUUID()). */
export const OperationId = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, 'operation id');

export const ProgressEvent = z.object({
  operationId: OperationId,
  /** A named stage, e.g. 'connecting', 'downloading', 'checking', 'writing', 'syncing', 'verifying', 'done'. */
  stage: z.string().max(40),
  /** Units done and total in this stage (bytes, files, archives); total null when unknown. */
  done: z.number().nonnegative(),
  total: z.number().nonnegative().nullable(),
  /** What done and total count; bytes when absent. */
  unit: z.enum(['bytes', 'files', 'archives']).optional(),
  /** Optional short text for the screen; never a secret. */
  message: z.string().max(300).optional(),
});
export type ProgressEvent = z.infer<typeof ProgressEvent>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** 'electron' inside the desktop app, 'browser-host' when served to a browser. */
  host: z.enum(['electron', 'browser-host']),
  platform: z.string(),
  dataDir: z.string(),
  /** Native file and folder pickers are available (Electron); the browser host asks for a typed path. */
  nativeDialogs: z.boolean(),
  /** How remembered backup ids are protected at rest, in one sentence for the settings screen. */
  secretStorage: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const PickRequest = z.object({
  kind: z.enum(['folder', 'archive-file', 'archive-or-folder', 'save-report']),
  title: z.string().max(200).optional(),
  defaultName: z.string().max(200).optional(),
});

export const appCalls = {
  'app.info': call(z.object({}), AppInfo),
  /** Cancel a running operation; resolves true when one was running. */
  'operation.cancel': call(z.object({ operationId: OperationId }), z.object({ cancelled: z.boolean() })),
  /** A native picker; the browser host answers 'unsupported' and the renderer asks for a typed path. */
  'dialog.pick': call(PickRequest, z.object({ path: z.string().nullable() })),
  /** Reveal a file in the OS file manager. */
  'shell.reveal': call(z.object({ path: z.string().min(1).max(4096) }), z.object({ revealed: z.boolean() })),
  /** A system notification where the host has one (Electron); `shown: false` tells the page to show its own. */
  'app.notify': call(z.object({ title: z.string().min(1).max(120), body: z.string().max(400) }), z.object({ shown: z.boolean() })),
};

export const appEvents = {
  'operation.progress': event(ProgressEvent),
};
