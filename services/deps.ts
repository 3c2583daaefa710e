import type { z } from 'zod';
import type { EventName, EventPayload } from '../shared/contract';
import type { PickRequest } from '../shared/contract/app';

/**
 * What the services need from their host. Electron objects (safeStorage, dialog, shell) come in
 * through these interfaces, so services never import 'electron' and tests pass plain fakes.
 */
export interface SecretCodec {
  /** One sentence for the settings screen: how remembered values are protected at rest. */
  readonly description: string;
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

export interface Dialogs {
  pick(request: z.output<typeof PickRequest>): Promise<string | null>;
}

export interface Shell {
  reveal(path: string): Promise<boolean>;
}

/** The system's notifications (Electron's Notification in main); absent in the browser host. */
export interface Notifier {
  show(title: string, body: string): boolean;
}

/** A demo box that runs: where it answers, and how to stop it. */
export interface RunningDemoBox {
  url: string;
  close(): Promise<void>;
}

/**
 * What the demo needs from the reference box in box/, handed in by each host (the engine never
 * imports box/): make the made-up backup, and start a box on a folder of backups.
 */
export interface DemoBoxKit {
  seed(
    backupsDir: string,
    options: { identities: number; peers: number; names: string[]; fastKeys: boolean },
  ): Promise<{ mnemonic: string; displayNames: string[]; peers: number }>;
  start(options: { dataDir: string; port: number; host: string; throttleKbps: number | undefined; log: (line: string) => void }): Promise<RunningDemoBox>;
}

export interface ServiceDeps {
  appName: string;
  appVersion: string;
  host: 'electron' | 'browser-host';
  /** The app's own data folder (catalog, settings, remembered ids, demo box). */
  dataDir: string;
  secrets: SecretCodec;
  dialogs: Dialogs | null;
  shell: Shell | null;
  notifier?: Notifier | null;
  /** The reference box the demo runs on (box/demo-kit.ts in every host). */
  demoKit: DemoBoxKit;
  /** Main -> renderer events raised outside a call (drive changes, automatic archives). */
  emit<E extends EventName>(name: E, payload: EventPayload<E>): void;
  /** Register cleanup (stop watchers, servers) run when the app quits or a test ends. */
  onDispose(fn: () => void | Promise<void>): void;
}
