import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { AppError } from '../../shared/errors';

const run = promisify(execFile);

export interface EjectResult {
  ejected: boolean;
  message: string;
}

const SAFE = 'Everything was written and synced to the stick, so it is safe to unplug it now.';

/** "Safely remove": udisksctl (Linux), diskutil (macOS), the Shell's Eject verb (Windows). */
export async function ejectVolume(mountPoint: string, device: string | null): Promise<EjectResult> {
  try {
    if (process.platform === 'linux') {
      if (!device) return { ejected: false, message: `This system cannot eject this stick for us. ${SAFE}` };
      try {
        await run('udisksctl', ['unmount', '-b', device, '--no-user-interaction'], { timeout: 20_000 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { ejected: false, message: `This system has no eject tool (udisksctl). ${SAFE}` };
        throw err;
      }
      const disk = device.replace(/(\d+)$/, '').replace(/p$/, '');
      await run('udisksctl', ['power-off', '-b', disk, '--no-user-interaction'], { timeout: 20_000 }).catch(() => undefined);
      return { ejected: true, message: 'The stick was ejected. You can unplug it now.' };
    }
    if (process.platform === 'darwin') {
      await run('diskutil', ['eject', mountPoint], { timeout: 20_000 });
      return { ejected: true, message: 'The stick was ejected. You can unplug it now.' };
    }
    if (process.platform === 'win32') {
      const drive = mountPoint.replace(/\\$/, '');
      await run('powershell.exe', ['-NoProfile', '-NonInteractive', '-Command', `(New-Object -ComObject Shell.Application).Namespace(17).ParseName('${drive.replace(/'/g, "''")}').InvokeVerb('Eject')`], { timeout: 20_000 });
      return { ejected: true, message: 'The stick was ejected. You can unplug it now.' };
    }
    return { ejected: false, message: `This system cannot eject sticks for us. ${SAFE}` };
  } catch {
    throw new AppError('eject-failed', `The stick could not be ejected (a window or program may still be using it). ${SAFE}`);
  }
}

const onPath = async (tool: string) => {
  for (const dir of (process.env.PATH ?? '').split(delimiter).filter(Boolean)) {
    if (await access(join(dir, tool)).then(() => true, () => false)) return true;
  }
  return false;
};

/** Whether ejectVolume can really eject this volume here (otherwise the screen says how to remove it safely). */
export async function canEject(device: string | null, platform: NodeJS.Platform = process.platform): Promise<boolean> {
  if (platform === 'linux') return device !== null && (await onPath('udisksctl'));
  return platform === 'darwin' || platform === 'win32';
}
