import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../shared/errors';
import { keepAside, readJsonValue, setFileAside, writeJsonAtomic } from '../atomic-json';
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

const DEFAULTS: Settings = SettingsFile.parse({ version: 1 });
type Aside = { reason: string; record: unknown };

/**
 * Reads the settings one field at a time (and one remembered box, one accepted folder at a time):
 * a value the reader refuses takes its default and is set aside alone (kept in
 * `settings.json.set-aside.jsonl`, logged), never the whole file. A file that is not settings at all
 * (not JSON, another version) is set aside whole.
 */
async function readSettings(path: string): Promise<{ settings: Settings; bad: Aside[] }> {
  const read = await readJsonValue(path);
  if (read === 'missing') return { settings: structuredClone(DEFAULTS), bad: [] };
  const raw = read === 'unreadable' ? null : read.value;
  if (typeof raw !== 'object' || raw === null || (raw as { version?: unknown }).version !== 1) {
    await setFileAside(path);
    return { settings: structuredClone(DEFAULTS), bad: [] };
  }
  const fields = raw as Record<string, unknown>;
  const bad: Aside[] = [];
  const settings = structuredClone(DEFAULTS) as Record<string, unknown>;
  for (const [key, schema] of Object.entries(SettingsFile.shape)) {
    const value = fields[key];
    const parsed = schema.safeParse(value);
    if (parsed.success) settings[key] = parsed.data;
    else if (key === 'remembered' && typeof value === 'object' && value !== null) {
      const kept: Record<string, string> = {};
      for (const [url, stored] of Object.entries(value)) {
        if (typeof stored === 'string') kept[url] = stored;
        else bad.push({ reason: 'remembered: not a stored backup id', record: { remembered: { [url]: stored } } });
      }
      settings.remembered = kept;
    } else if (key === 'recipients' && typeof value === 'object' && value !== null) {
      const kept: Record<string, z.infer<typeof RememberedRecipient>> = {};
      for (const [url, stored] of Object.entries(value)) {
        const one = RememberedRecipient.safeParse(stored);
        if (one.success) kept[url] = one.data;
        else bad.push({ reason: 'recipients: not a remembered recipient', record: { recipients: { [url]: stored } } });
      }
      settings.recipients = kept;
    } else if (key === 'cloudAccepted' && Array.isArray(value)) {
      settings.cloudAccepted = value.filter((v): v is string => typeof v === 'string');
      for (const v of value) if (typeof v !== 'string') bad.push({ reason: 'cloudAccepted: not a folder', record: { cloudAccepted: v } });
    } else bad.push({ reason: `${key}: ${parsed.error.issues[0]?.message ?? 'not valid'}`, record: { [key]: value } });
  }
  return { settings: settings as Settings, bad };
}

/** The person's retention setting (how many archives of a backup each folder keeps), as the app uses it. */
export async function readRetention(dataDir: string): Promise<number> {
  return (await readSettings(join(dataDir, 'settings.json'))).settings.retention;
}

export function createSettings(dataDir: string, secrets: SecretCodec) {
  const path = join(dataDir, 'settings.json');
  /** Writes what the reader accepts, and only that: a value it would refuse is an error here, not a lost file later. */
  const write = async (s: Settings, bad: Aside[]) => {
    const parsed = SettingsFile.safeParse(s);
    if (!parsed.success) throw new AppError('invalid-request', `That setting is not valid (${parsed.error.issues[0]?.path.join('.') ?? 'value'}); nothing was changed.`);
    await keepAside(path, bad);
    await writeJsonAtomic(path, parsed.data, 0o600);
  };
  const decrypts = (stored: string): string | null => {
    try {
      return secrets.decrypt(Buffer.from(stored, 'base64'));
    } catch {
      return null;
    }
  };
  const load = async (): Promise<Settings> => {
    const { settings, bad } = await readSettings(path);
    if (bad.length) await write(settings, bad).catch(() => undefined);
    return settings;
  };
  return {
    load,
    async update(change: (s: Settings) => void): Promise<Settings> {
      const { settings: s, bad } = await readSettings(path);
      change(s);
      await write(s, bad);
      return s;
    },
    async rememberedBackupId(boxUrl: string): Promise<string | null> {
      const stored = (await load()).remembered[boxUrl];
      return stored ? decrypts(stored) : null;
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
        // The demo box is one box whose address changes on every start: it is remembered once, at
        // its address now, not once per start (a list of dead demo addresses).
        if (demo) {
          for (const [url, stored] of Object.entries(s.remembered)) {
            if (url !== boxUrl && decrypts(stored) === backupId) {
              delete s.remembered[url];
              delete s.recipients[url];
            }
          }
        }
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
