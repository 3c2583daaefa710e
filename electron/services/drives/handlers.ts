import type { Handlers } from '../../../shared/contract/dispatch';
import type { drivesCalls } from '../../../shared/contract/drives';
import { AppError } from '../../../shared/errors';
import type { ServiceDeps } from '../deps';
import { ejectVolume } from './eject';
import { listVolumes } from './list';
import { watchDrives, type DriveWatcher } from './watch';

export type DrivesHandlers = Pick<Handlers, keyof typeof drivesCalls>;

/** The drives handlers. The watcher starts on the first list and reports changes as events. */
export function drivesHandlers(deps: ServiceDeps, emitChanged?: (volumes: Awaited<ReturnType<typeof listVolumes>>) => void): DrivesHandlers {
  let watcher: DriveWatcher | null = null;
  let emit: ((volumes: Awaited<ReturnType<typeof listVolumes>>) => void) | null = emitChanged ?? null;
  deps.onDispose(() => watcher?.stop());
  const ensure = () => (watcher ??= watchDrives(() => listVolumes(), (volumes) => emit?.(volumes)));
  return {
    'drives.list': async (_req, ctx) => {
      emit ??= (volumes) => ctx.emit('drives.changed', { volumes });
      const w = ensure();
      return { volumes: await w.current(), hotplug: w.mode() };
    },
    'drives.eject': async (req) => {
      const volumes = await listVolumes();
      const volume = volumes.find((v) => v.mountPoint === req.mountPoint);
      if (!volume) throw new AppError('not-found', 'That stick is no longer plugged in, so there is nothing to eject.');
      return ejectVolume(volume.mountPoint, volume.device);
    },
  };
}
