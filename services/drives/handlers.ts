import type { Handlers } from '../../shared/contract/dispatch';
import type { drivesCalls } from '../../shared/contract/drives';
import { AppError } from '../../shared/errors';
import { createCatalog } from '../archive/catalog';
import { createSettings } from '../archive/settings';
import { normalizeBoxUrl } from '../box/url';
import type { ServiceDeps } from '../deps';
import { createAutomation } from './automation';
import { ejectVolume } from './eject';
import type { Volume } from './parse';
import { listVolumes } from './list';
import { watchDrives } from './watch';

export type DrivesHandlers = Pick<Handlers, keyof typeof drivesCalls>;

/**
 * The drives handlers. The watcher runs from start-up: it reports plug and unplug to the renderer
 * and starts automatic archives on remembered sticks.
 */
export function drivesHandlers(deps: ServiceDeps, hooks: { onVolumes?: (volumes: Volume[]) => void; demoBoxUrl?: () => Promise<string> } = {}): DrivesHandlers {
  const automation = createAutomation({
    dataDir: deps.dataDir,
    appName: deps.appName,
    appVersion: deps.appVersion,
    settings: createSettings(deps.dataDir, deps.secrets),
    catalog: createCatalog(deps.dataDir),
    demoBoxUrl: hooks.demoBoxUrl,
    onOutcome: (outcome) => deps.emit('automation.ran', outcome),
    onNotice: (message) => deps.emit('copies.changed', { reason: 'drives', message: message.slice(0, 300) }),
  });
  const watcher = watchDrives(
    () => listVolumes(),
    (volumes) => {
      deps.emit('drives.changed', { volumes });
      void automation.onVolumes(volumes);
      hooks.onVolumes?.(volumes);
    },
  );
  watcher
    .current()
    .then((volumes) => {
      hooks.onVolumes?.(volumes);
      return automation.onVolumes(volumes);
    })
    .catch(() => undefined); // the watcher logs listing failures; automation never rejects
  deps.onDispose(() => watcher.stop());
  // Stopping the app cancels an automatic archive in progress (it leaves no file behind).
  deps.onDispose(() => automation.stop());

  const findVolume = async (mountPoint: string) => {
    const volume = (await listVolumes()).find((v) => v.mountPoint === mountPoint);
    if (!volume) throw new AppError('not-found', 'That stick is no longer plugged in.');
    return volume;
  };

  return {
    'drives.list': async () => ({ volumes: await watcher.current(), hotplug: watcher.mode() }),
    'drives.eject': async (req) => {
      const volume = await findVolume(req.mountPoint);
      return ejectVolume(volume.mountPoint, volume.device);
    },
    'automation.list': async () => ({ rules: await automation.list() }),
    'automation.enable': async (req) => automation.enable(await findVolume(req.mountPoint), normalizeBoxUrl(req.boxUrl)),
    'automation.setBox': async (req) => automation.setBox(req.id, normalizeBoxUrl(req.boxUrl)),
    'automation.disable': async (req) => ({ disabled: await automation.disable(req.id) }),
  };
}
