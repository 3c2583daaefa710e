import { execFile } from 'node:child_process';
import { statfs } from 'node:fs/promises';
import { basename, delimiter } from 'node:path';
import { promisify } from 'node:util';
import { createLogger } from '../log';
import { volumeIdentities } from './identity';
import { parseLsblk, parseWindowsLogicalDisks, type Volume } from './parse';

const run = promisify(execFile);
const log = createLogger('drives');
const LSBLK_COLUMNS = 'NAME,PATH,TYPE,RM,HOTPLUG,RO,SIZE,FSTYPE,FSAVAIL,FSSIZE,LABEL,UUID,MOUNTPOINTS,TRAN,MODEL,VENDOR,PKNAME';

async function output(cmd: string, args: string[]): Promise<string> {
  const { stdout } = await run(cmd, args, { timeout: 10_000, maxBuffer: 8 * 1024 * 1024, windowsHide: true });
  return stdout;
}

/**
 * Test hook, honoured only when IDBOX_TEST_HOOKS=1: IDBOX_EXTRA_VOLUMES lists folders (separated
 * like PATH) that act as plugged-in sticks, so end-to-end tests can "plug in" a stick. A folder
 * that is a mount point (a loop-mounted image) is named by its filesystem, as a real stick is.
 */
async function testVolumes(env: NodeJS.ProcessEnv, ids: ReturnType<typeof volumeIdentities>): Promise<Volume[]> {
  if (env.IDBOX_TEST_HOOKS !== '1' || !env.IDBOX_EXTRA_VOLUMES) return [];
  const out: Volume[] = [];
  for (const dir of env.IDBOX_EXTRA_VOLUMES.split(delimiter).filter(Boolean)) {
    const fs = await statfs(dir).catch(() => null);
    if (!fs) continue;
    const identity = (await ids.isMountPoint(dir)) ? await ids.of(dir) : null;
    out.push({
      id: identity?.id ?? `test:${dir}`,
      label: `Test stick ${basename(dir)}`,
      mountPoint: dir,
      size: Number(fs.blocks) * Number(fs.bsize),
      free: Number(fs.bavail) * Number(fs.bsize),
      filesystem: 'test folder',
      writable: true,
      bus: 'test',
      device: null,
    });
  }
  return out;
}

/** The removable, mounted volumes right now. Never throws: a machine without them gives []. */
export async function listVolumes(env: NodeJS.ProcessEnv = process.env): Promise<Volume[]> {
  let found: Volume[] = [];
  try {
    if (process.platform === 'linux') {
      found = parseLsblk(await output('lsblk', ['--json', '--bytes', '-o', LSBLK_COLUMNS]));
    } else if (process.platform === 'darwin') {
      const { parseDiskutilInfo, parseDiskutilList } = await import('./parse-diskutil');
      const ids = parseDiskutilList(await output('diskutil', ['list', '-plist', 'external', 'physical']));
      for (const id of ids) {
        const volume = parseDiskutilInfo(await output('diskutil', ['info', '-plist', id]));
        if (volume) found.push(volume);
      }
    } else if (process.platform === 'win32') {
      found = parseWindowsLogicalDisks(
        await output('powershell.exe', [
          '-NoProfile',
          '-NonInteractive',
          '-Command',
          'Get-CimInstance Win32_LogicalDisk | Select-Object DeviceID,VolumeName,DriveType,FileSystem,Size,FreeSpace,VolumeSerialNumber,Access | ConvertTo-Json',
        ]),
      );
    }
  } catch (err) {
    log.warn(`could not list drives: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  const ids = volumeIdentities();
  for (const v of found) {
    // statfs is the truth for free space right now (lsblk's FSAVAIL can lag).
    const fs = await statfs(v.mountPoint).catch(() => null);
    if (fs) v.free = Number(fs.bavail) * Number(fs.bsize);
    // Without udev lsblk knows no UUID and names the volume by its device, which another stick
    // can take next time: the filesystem's own id (blkid, or its superblock) names it instead.
    if (v.id === v.device) v.id = (await ids.of(v.mountPoint))?.id ?? v.id;
  }
  return [...found, ...(await testVolumes(env, ids))];
}
