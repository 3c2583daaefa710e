import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Small loop-mounted ext4 images for real disk-full, read-only and unplug tests. Needs root and
 * loop devices; `loopUnavailable()` says why not, so the caller can skip with a printed reason.
 */
export function loopUnavailable(): string | null {
  if (process.platform !== 'linux') return 'loop-mounted images need Linux';
  if (process.getuid?.() !== 0) return 'loop-mounted images need root';
  try {
    execFileSync('losetup', ['-f'], { stdio: 'pipe' });
    execFileSync('which', ['mkfs.ext4'], { stdio: 'pipe' });
  } catch {
    return 'no free loop device or no mkfs.ext4 here';
  }
  return null;
}

export interface LoopFs {
  mountPoint: string;
  remountReadOnly(): void;
  lazyUnmount(): void;
  cleanup(): void;
}

export function makeLoopFs(sizeKiB: number): LoopFs {
  const base = mkdtempSync(join(tmpdir(), 'idbox-loop-'));
  const image = join(base, 'disk.img');
  const mountPoint = join(base, 'mnt');
  mkdirSync(mountPoint);
  execFileSync('truncate', ['-s', `${sizeKiB}K`, image]);
  execFileSync('mkfs.ext4', ['-q', '-F', '-m', '0', '-O', '^has_journal', image], { stdio: 'pipe' });
  execFileSync('mount', ['-o', 'loop', image, mountPoint], { stdio: 'pipe' });
  let mounted = true;
  return {
    mountPoint,
    remountReadOnly: () => execFileSync('mount', ['-o', 'remount,ro', mountPoint], { stdio: 'pipe' }),
    lazyUnmount: () => {
      execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
      mounted = false;
    },
    cleanup: () => {
      if (mounted) {
        try {
          execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
        } catch {
          /* already gone */
        }
      }
      rmSync(base, { recursive: true, force: true });
    },
  };
}
