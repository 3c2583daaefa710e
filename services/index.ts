import { AppError } from '../shared/errors';
import type { Handlers } from '../shared/contract/dispatch';
import { archiveHandlers } from './archive/handlers';
import { createDemoBox } from './box/demo';
import { boxHandlers } from './box/handlers';
import { copiesHandlers } from './copies/handlers';
import type { ServiceDeps } from './deps';
import { drivesHandlers } from './drives/handlers';
import { foldersHandlers } from './folders/handlers';
import { inspectHandlers } from './inspect/handlers';
import { restoreHandlers } from './restore/handlers';

export type ServiceHandlers = Omit<Handlers, 'operation.cancel'>;

/** The whole handler table: app-level calls here, each feature's calls from its own module. */
export function createHandlers(deps: ServiceDeps): ServiceHandlers {
  // One demo box for the whole app: the demo screen starts it, an automatic archive of the demo backup finds it.
  const demo = createDemoBox(deps.dataDir, deps.demoKit);
  // Copies ask the demo box only while it runs (its remembered address is from an earlier start).
  const copies = copiesHandlers(deps, { demoUrl: () => demo.url() });
  return {
    'app.info': () => ({
      name: deps.appName,
      version: deps.appVersion,
      host: deps.host,
      platform: process.platform,
      dataDir: deps.dataDir,
      nativeDialogs: deps.dialogs !== null,
      secretStorage: deps.secrets.description,
    }),
    'dialog.pick': async (req) => {
      if (!deps.dialogs) throw new AppError('unsupported', 'This window cannot open a file picker. Type or paste the path instead.');
      return { path: await deps.dialogs.pick(req) };
    },
    'app.notify': (req) => ({ shown: deps.notifier?.show(req.title, req.body) ?? false }),
    'shell.reveal': async (req) => {
      if (!deps.shell) return { revealed: false };
      return { revealed: await deps.shell.reveal(req.path) };
    },
    ...boxHandlers(deps, demo),
    ...archiveHandlers(deps),
    ...drivesHandlers(deps, { onVolumes: copies.onVolumes, demoBoxUrl: async () => (await demo.start()).url }),
    ...foldersHandlers(),
    ...inspectHandlers(deps),
    ...restoreHandlers(deps),
    ...copies.handlers,
  };
}
