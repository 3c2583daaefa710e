import { join } from 'node:path';
import { z } from 'zod';
import { readJson, writeJsonAtomic } from '../atomic-json';
import { serializedFor } from '../file-lock';
import { AppError } from '../../shared/errors';

/** One finished transfer: how many bytes took how long (setup and every call's fixed cost included). */
export const Pace = z.object({ bytes: z.number().int().positive().max(1e12), seconds: z.number().positive().max(1e6), at: z.string().max(40) });
export type Pace = z.infer<typeof Pace>;

/**
 * download: the pull's transfer from the box; upload: a restore's transfer to it; archive: a whole
 * manual archive (box to verified file), by the backup's size.
 */
export type PaceKind = 'download' | 'upload' | 'archive';
const BoxPace = z.object({ download: Pace.optional(), upload: Pace.optional(), archive: Pace.optional() });
const PaceFile = z.object({ version: z.literal(1), boxes: z.record(z.string().max(500), BoxPace) });

/** The boxes remembered at most; the least recently measured go first. */
const MAX_BOXES = 50;

/**
 * How fast each box was measured last time (`box-pace.json` in the data folder), so a screen can
 * say how long an archive will take and a restore's time left starts from this box's real speed
 * instead of guessing from its first, slowest second.
 */
export function createPaceRecord(dataDir: string) {
  const path = join(dataDir, 'box-pace.json');
  const serial = serializedFor(path, () => new AppError('internal', 'Another program on this computer kept the record of box speeds busy.'));
  const load = () => readJson(path, PaceFile, { version: 1 as const, boxes: {} });
  return {
    get: async (boxUrl: string): Promise<z.infer<typeof BoxPace>> => (await load()).boxes[boxUrl] ?? {},
    /** Records one transfer; a too-short or empty one is ignored. Never throws: a speed is only a hint. */
    note: (boxUrl: string, kind: PaceKind, measured: { bytes: number; seconds: number } | null) => {
      // A short transfer is mostly the session's setup: its speed is low, so what is said from it errs long, never short.
      if (!measured || measured.bytes < 1 || !(measured.seconds > 0)) return Promise.resolve();
      return serial(async () => {
        const file = await load();
        const pace = Pace.safeParse({ bytes: Math.round(measured.bytes), seconds: measured.seconds, at: new Date().toISOString() });
        if (!pace.success) return;
        const noted = { ...file.boxes[boxUrl], [kind]: pace.data };
        const newest = (b: z.infer<typeof BoxPace>) => [b.download?.at, b.upload?.at, b.archive?.at].filter(Boolean).sort().at(-1) ?? '';
        const others = Object.entries(file.boxes).filter(([url]) => url !== boxUrl);
        const kept = [[boxUrl, noted] as const, ...others.sort(([, a], [, b]) => newest(b).localeCompare(newest(a)))].slice(0, MAX_BOXES);
        await writeJsonAtomic(path, { version: 1, boxes: Object.fromEntries(kept) });
      }).catch(() => undefined);
    },
  };
}
