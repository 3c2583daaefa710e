import { join } from 'node:path';
import { z } from 'zod';
import { readJson, writeJsonAtomic } from '../atomic-json';
import type { SecretCodec } from '../deps';

/**
 * Versioned settings in the app data folder (mode 0600). The backup id remembered per box is a
 * capability: it is stored encrypted with the host's SecretCodec (Electron safeStorage; in the
 * browser host a plain codec, said so on screen).
 */
const SettingsFile = z.object({
  version: z.literal(1),
  retention: z.number().int().min(1).max(1000).default(10),
  lastBoxUrl: z.string().nullable().default(null),
  /** The last box was the demo box: its address changes on every start, so it is not offered again. */
  lastBoxDemo: z.boolean().default(false),
  remembered: z.record(z.string(), z.string()).default({}),
  /** Cloud-synced folders whose warning the user has accepted: never nag about it twice. */
  cloudAccepted: z.array(z.string()).default([]),
  /** The Copies screen warns when the newest verified copy is older than this many days. */
  staleDays: z.number().int().min(1).max(3650).default(30),
  /** While the app runs, pull into remembered folders every this many hours when the box's backup changed; null = off. */
  scheduleHours: z.number().int().min(1).max(168).nullable().default(null),
  /** While the app runs, each remembered box is asked whether its backup changed every this many minutes. */
  boxCheckMinutes: z.number().int().min(1).max(240).default(5),
});
export type Settings = z.infer<typeof SettingsFile>;

export function createSettings(dataDir: string, secrets: SecretCodec) {
  const path = join(dataDir, 'settings.json');
  const load = () => readJson(path, SettingsFile, { version: 1 as const, retention: 10, lastBoxUrl: null, lastBoxDemo: false, remembered: {}, cloudAccepted: [], staleDays: 30, scheduleHours: null, boxCheckMinutes: 5 });
  return {
    load,
    async update(change: (s: Settings) => void): Promise<Settings> {
      const s = await load();
      change(s);
      await writeJsonAtomic(path, s, 0o600);
      return s;
    },
    async rememberedBackupId(boxUrl: string): Promise<string | null> {
      const stored = (await load()).remembered[boxUrl];
      if (!stored) return null;
      try {
        return secrets.decrypt(Buffer.from(stored, 'base64'));
      } catch {
        return null;
      }
    },
    async remember(boxUrl: string, backupId: string, demo = false): Promise<void> {
      await this.update((s) => {
        s.remembered[boxUrl] = secrets.encrypt(backupId).toString('base64');
        s.lastBoxUrl = boxUrl;
        s.lastBoxDemo = demo;
      });
    },
    async forget(boxUrl: string): Promise<void> {
      await this.update((s) => {
        delete s.remembered[boxUrl];
      });
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettings>;
