import { paceSeeds } from '../shared/pace';
import { createPaceRecord } from '../services/box/pace-record';
import { normalizeBoxUrl } from '../services/box/url';
import { defaultDataDir } from '../services/paths';

/**
 * This box's last measured speeds, as the app recorded them in its data folder, for the command's
 * time left from its first second; none when the box was never measured (or the address is not
 * valid: the command itself says so).
 */
export async function paceSeedsFor(boxUrl: string, dataDir = defaultDataDir()): Promise<Record<string, number>> {
  try {
    return paceSeeds(await createPaceRecord(dataDir).get(normalizeBoxUrl(boxUrl)));
  } catch {
    return {};
  }
}
