import { join } from 'node:path';
import { z } from 'zod';
import { readJson, writeJsonAtomic } from '../atomic-json';
import type { SecretCodec } from '../deps';
import { backupFingerprint, FINGERPRINT_RE } from '../../shared/archive/fingerprint';
import { RECIPIENT_RE, SEAL_LABEL } from '../../shared/archive/seal-key';

/**
 * The public key that seals a remembered backup's key files (archive format 2), so automatic and
 * scheduled archives seal without the words. Public: stored as is. Bound to its backup by the
 * fingerprint, and to the derivation that made it by its label.
 */
const RememberedRecipient = z.object({ derivation: z.literal(SEAL_LABEL), fingerprint: z.string().regex(FINGERPRINT_RE), recipient: z.string().regex(RECIPIENT_RE) });

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
  /** Per box, beside `remembered`: the recipient of that backup. Absent for a backup remembered before sealing existed. */
  recipients: z.record(z.string(), RememberedRecipient).default({}),
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
  const load = () => readJson(path, SettingsFile, { version: 1 as const, retention: 10, lastBoxUrl: null, lastBoxDemo: false, remembered: {}, recipients: {}, cloudAccepted: [], staleDays: 30, scheduleHours: null, boxCheckMinutes: 5 });
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
    /** The recipient remembered for this box's backup, or null (format 1 until the words are typed once). */
    async rememberedRecipient(boxUrl: string, backupId: string): Promise<string | null> {
      const r = (await load()).recipients[boxUrl];
      return r && r.fingerprint === backupFingerprint(backupId) ? r.recipient : null;
    },
    /** Remembers the backup of a box; with the recipient when the words were typed (kept when they were not and the backup is the same). */
    async remember(boxUrl: string, backupId: string, demo = false, recipient: string | null = null): Promise<void> {
      const fingerprint = backupFingerprint(backupId);
      await this.update((s) => {
        s.remembered[boxUrl] = secrets.encrypt(backupId).toString('base64');
        if (recipient) s.recipients[boxUrl] = { derivation: SEAL_LABEL, fingerprint, recipient: RECIPIENT_RE.test(recipient) ? recipient : '' };
        else if (s.recipients[boxUrl]?.fingerprint !== fingerprint) delete s.recipients[boxUrl];
        RememberedRecipient.optional().parse(s.recipients[boxUrl]);
        s.lastBoxUrl = boxUrl;
        s.lastBoxDemo = demo;
      });
    },
    async forget(boxUrl: string): Promise<void> {
      await this.update((s) => {
        delete s.remembered[boxUrl];
        delete s.recipients[boxUrl];
      });
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettings>;

/** The recipient remembered for this backup on any box, read without the keychain (recipients are public): `idbox pull --backup-id` seals with it. */
export async function rememberedRecipientAnyBox(dataDir: string, backupId: string): Promise<string | null> {
  const unused: SecretCodec = {
    description: '',
    encrypt: () => {
      throw new Error('not available here');
    },
    decrypt: () => {
      throw new Error('not available here');
    },
  };
  const settings = createSettings(dataDir, unused);
  const s = await settings.load().catch(() => null);
  for (const boxUrl of Object.keys(s?.recipients ?? {})) {
    const r = await settings.rememberedRecipient(boxUrl, backupId);
    if (r) return r;
  }
  return null;
}
