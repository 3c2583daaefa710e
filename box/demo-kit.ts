import type { DemoBoxKit } from '../services/deps';
import { startReferenceBox } from './reference-box';
import { seedBackup } from './seed';

/** The demo box's parts from the reference box: every host hands this to the services (ServiceDeps.demoKit). */
export const referenceDemoKit: DemoBoxKit = {
  seed: (backupsDir, options) => seedBackup(backupsDir, options),
  start: (options) => startReferenceBox(options),
};
