import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Identity Box Companion';

/** The same folder Electron's app.getPath('userData') uses, so both hosts share settings and catalog. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.IDBOX_DATA_DIR) return env.IDBOX_DATA_DIR;
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}
