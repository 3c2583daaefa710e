import { createLogger } from '../log';
import { tolerateRejections } from '../rejections';
import type { Volume } from './parse';

const log = createLogger('hotplug');

export interface DriveWatcher {
  /** 'usb' when USB attach/detach events trigger rescans; 'polling' when only the timer does. */
  readonly mode: () => 'usb' | 'polling';
  current(): Promise<Volume[]>;
  stop(): void;
}

const key = (volumes: Volume[]) => JSON.stringify(volumes.map((v) => [v.id, v.mountPoint, v.writable]).sort());

/**
 * Hot-plug: the `usb` package's connect/disconnect only says "something changed", so it triggers
 * a rescan; the volume list (mount points) is the truth and is also polled every 2 s, because USB
 * events are missing where /sys/bus/usb does not exist (VMs, containers) and the native module
 * may not load. Changes are debounced and reported only when the list really changed.
 */
export function watchDrives(
  list: () => Promise<Volume[]>,
  onChange: (volumes: Volume[]) => void,
  options: { intervalMs?: number; debounceMs?: number; useUsb?: boolean } = {},
): DriveWatcher {
  let last: string | null = null;
  let lastVolumes: Volume[] = [];
  let mode: 'usb' | 'polling' = 'polling';
  let stopped = false;
  let debounce: ReturnType<typeof setTimeout> | null = null;
  let scanning: Promise<Volume[]> | null = null;
  let detachUsb: (() => void) | null = null;

  const scan = (): Promise<Volume[]> => {
    scanning ??= list()
      .then((volumes) => {
        const k = key(volumes);
        lastVolumes = volumes;
        if (last !== null && k !== last && !stopped) onChange(volumes);
        last = k;
        return volumes;
      })
      .finally(() => {
        scanning = null;
      });
    return scanning;
  };
  // A failed listing (a stick pulled mid-scan, lsblk missing) is logged; the next tick tries again.
  const scanQuietly = () =>
    void scan().catch((err: unknown) => log.warn(`listing drives failed: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`));
  const soon = () => {
    if (debounce) clearTimeout(debounce);
    debounce = setTimeout(scanQuietly, options.debounceMs ?? 400);
  };

  const timer = setInterval(scanQuietly, options.intervalMs ?? 2000);
  timer.unref?.();
  scanQuietly();

  if (options.useUsb !== false) {
    void (async () => {
      try {
        const mod = (await import('usb')) as unknown as {
          usb: { addEventListener(e: string, f: () => void): void; removeEventListener(e: string, f: () => void): void };
        };
        // On machines without /sys/bus/usb, adding a listener fails asynchronously with an
        // unhandled rejection ("getDevices error"); catch it so the app never crashes for it.
        tolerateRejections((reason) => {
          const known = String(reason).includes('getDevices') || String(reason).includes('/sys/bus/usb');
          if (known) mode = 'polling';
          return known;
        }, 5000);
        mod.usb.addEventListener('connect', soon);
        mod.usb.addEventListener('disconnect', soon);
        mode = 'usb';
        detachUsb = () => {
          mod.usb.removeEventListener('connect', soon);
          mod.usb.removeEventListener('disconnect', soon);
        };
      } catch (err) {
        log.info(`USB hot-plug events unavailable (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); polling every 2 s`);
        mode = 'polling';
      }
    })();
  }

  return {
    mode: () => mode,
    current: () => (last === null ? scan() : Promise.resolve(lastVolumes)),
    stop() {
      stopped = true;
      clearInterval(timer);
      if (debounce) clearTimeout(debounce);
      try {
        detachUsb?.();
      } catch {
        /* ignore */
      }
    },
  };
}
