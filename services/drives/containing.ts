import { sep } from 'node:path';
import type { Volume } from './parse';

/** The plugged-in removable volume a folder is on, if any. (Its own module: `idbox pull` needs only this.) */
export const volumeContaining = (directory: string, volumes: Volume[]) =>
  volumes.find((v) => directory === v.mountPoint || directory.startsWith(v.mountPoint.endsWith(sep) ? v.mountPoint : v.mountPoint + sep)) ?? null;
