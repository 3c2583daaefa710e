import { randomBytes } from 'node:crypto';
import { lstat, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { AppError, toErrorData, type AppErrorData } from '../../shared/errors';
import { NOT_RESTORABLE_NEXT_STEP, notRestorableSentence } from '../../shared/inspect/verdict-text';
import type { Catalog } from '../archive/catalog';
import { pullToArchive } from '../archive/pull';
import { readDemoBackupId } from '../box/demo';
import { upToDateCopy } from '../copies/skip';
import type { SettingsStore } from '../archive/settings';
import { readJson, writeJsonAtomic } from '../atomic-json';
import { createLogger } from '../log';
import type { Volume } from './parse';

const log = createLogger('automation');
export const MARKER = '.idbox-companion';

/**
 * Automatic archiving: a stick the user chose once is recognised when it is plugged in again (by
 * its volume id; the small marker file on it only confirms it), and the backup of the remembered
 * box is pulled, written and verified onto it with no click.
 */
export const LastRun = z.object({
  at: z.string(),
  ok: z.boolean(),
  upToDate: z.boolean().default(false),
  fileName: z.string().nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Written (or already there) and read back, but it cannot bring every identity back, or holds fewer than before. */
  note: z.object({ sentence: z.string().max(600), nextStep: z.string().max(300) }).nullable().default(null),
});
export const Rule = z.object({
  id: z.string(),
  volumeId: z.string(),
  label: z.string(),
  boxUrl: z.string(),
  createdAt: z.string(),
  /** How the last automatic archive went, shown beside the rule (null until it first ran). */
  lastRun: LastRun.nullable().default(null),
});
export type Rule = z.infer<typeof Rule>;
const RulesFile = z.object({
  version: z.literal(1),
  rules: z.array(Rule),
  /** Volumes already told that they carry another stick's marker (told once). */
  foreignMarkersTold: z.array(z.string().max(200)).max(1000).default([]),
});

const MarkerFile = z.object({ rule: z.string().max(100) });
const MARKER_MAX_BYTES = 4096;

/** The rule id in a stick's marker file, or null when there is none or it is damaged (cut short, `null`, huge, a FIFO). */
export async function readMarker(mountPoint: string): Promise<string | null> {
  const path = join(mountPoint, MARKER);
  try {
    const info = await lstat(path);
    if (!info.isFile() || info.size > MARKER_MAX_BYTES) return null;
    const parsed = MarkerFile.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data.rule : null;
  } catch {
    return null;
  }
}

export interface AutomationOutcome {
  /** The rule that ran, so the notice can offer its fix ("Change box address"). */
  ruleId: string;
  boxUrl: string;
  ok: boolean;
  label: string;
  fileName: string | null;
  error: AppErrorData | null;
  /** Nothing was written: the stick already held a current copy, and it read back intact just now. */
  upToDate: boolean;
  /** The copy is incomplete, damaged or shrunken (the verdict), in a sentence with the next step. */
  note: { sentence: string; nextStep: string } | null;
}

export function createAutomation(deps: {
  dataDir: string;
  appName: string;
  appVersion: string;
  settings: SettingsStore;
  catalog: Catalog;
  /**
   * Where the app's demo box runs now (started if it is not). The demo box takes a new port each
   * time the app starts, so a rule made with the demo keeps working after a restart.
   */
  demoBoxUrl?: () => Promise<string>;
  onOutcome(outcome: AutomationOutcome): void;
  /** A stick carries a marker copied from another stick: said once per stick, nothing is archived to it. */
  onNotice?(message: string): void;
}) {
  const path = join(deps.dataDir, 'automation.json');
  const load = () => readJson(path, RulesFile, { version: 1 as const, rules: [], foreignMarkersTold: [] });
  let known: Set<string> | null = null;
  let queue: Promise<unknown> = Promise.resolve();
  /** The running automatic archive per stick: removing the stick (or stopping the app) cancels it. */
  const running = new Map<string, AbortController>();
  const keyOf = (v: Volume) => `${v.id}|${v.mountPoint}`;

  /**
   * The rule of this stick: a rule is bound to its volume's id, and the marker only confirms it. A
   * marker naming a rule of another volume (the stick was copied with `cp -a`, or cloned and given
   * away) is ignored, and the person is told once. A rule made where the volume had no identity but
   * its device name (lsblk without udev) follows its marker to the volume's real id.
   */
  async function ruleFor(volume: Volume, rules: Rule[]): Promise<Rule | null> {
    const markerId = await readMarker(volume.mountPoint);
    const own = rules.find((r) => r.volumeId === volume.id) ?? null;
    const marked = markerId ? rules.find((r) => r.id === markerId) : undefined;
    if (!marked || marked === own) return own;
    if (marked.volumeId.startsWith('/dev/') && !own) {
      await rebind(marked.id, volume.id);
      return { ...marked, volumeId: volume.id };
    }
    await tellForeign(volume, marked);
    return own;
  }

  async function rebind(ruleId: string, volumeId: string): Promise<void> {
    const file = await load();
    const rule = file.rules.find((r) => r.id === ruleId);
    if (!rule) return;
    rule.volumeId = volumeId;
    await writeJsonAtomic(path, file);
  }

  async function tellForeign(volume: Volume, marked: Rule): Promise<void> {
    log.warn(`${volume.label} carries the marker of another stick; ignored`);
    const file = await load();
    if (file.foreignMarkersTold.includes(volume.id)) return;
    file.foreignMarkersTold = [...file.foreignMarkersTold, volume.id].slice(-1000);
    await writeJsonAtomic(path, file);
    deps.onNotice?.(
      `${volume.label} carries the automatic-archive marker of another stick (${marked.label}), copied onto it, so nothing is archived to it automatically. To archive to ${volume.label} automatically, turn it on for this stick.`,
    );
  }

  async function run(volume: Volume, rule: Rule, signal: AbortSignal): Promise<AutomationOutcome> {
    try {
      const backupId = await deps.settings.rememberedBackupId(rule.boxUrl);
      if (!backupId) throw new AppError('invalid-request', 'No backup is remembered for this box any more; archive once by hand to set it up again.');
      const demo = (await readDemoBackupId(deps.dataDir)) === backupId;
      const boxUrl = demo && deps.demoBoxUrl ? await deps.demoBoxUrl() : rule.boxUrl;
      const { path: current, boxDigest, content } = await upToDateCopy({ boxUrl, backupId, directory: volume.mountPoint, catalog: deps.catalog, demoBackupId: demo ? backupId : null, signal, volumes: [volume] });
      if (current) {
        log.info(`${volume.label} already holds the box's current backup; nothing written`);
        const note = content === 'ok' || content === null ? null : { sentence: notRestorableSentence(content === 'incomplete' ? 'incomplete' : 'corrupt', null, 'already there'), nextStep: NOT_RESTORABLE_NEXT_STEP };
        return { ruleId: rule.id, boxUrl: rule.boxUrl, ok: true, label: volume.label, fileName: basename(current), error: null, upToDate: true, note };
      }
      const s = await deps.settings.load();
      const result = await pullToArchive({
        boxUrl,
        backupId,
        // Sealed without the words: the recipient remembered when they were last typed (none: format 1).
        recipient: await deps.settings.rememberedRecipient(rule.boxUrl, backupId),
        destination: volume.mountPoint,
        appName: deps.appName,
        appVersion: deps.appVersion,
        catalog: deps.catalog,
        retention: s.retention,
        removable: true,
        volumes: [volume],
        demo,
        signal,
        announced: boxDigest,
        onWaiting: () => log.info(`waiting for another program that is using the box before archiving to ${volume.label}`),
      });
      log.info(`archived automatically to ${volume.label}`);
      return { ruleId: rule.id, boxUrl: rule.boxUrl, ok: true, label: volume.label, fileName: result.fileName, error: null, upToDate: false, note: result.notes[0] ?? null };
    } catch (err) {
      log.warn(`automatic archive to ${volume.label} failed: ${toErrorData(err).code}`);
      return { ruleId: rule.id, boxUrl: rule.boxUrl, ok: false, label: volume.label, fileName: null, error: toErrorData(err), upToDate: false, note: null };
    }
  }

  async function recordRun(o: AutomationOutcome): Promise<void> {
    try {
      const file = await load();
      const rule = file.rules.find((r) => r.id === o.ruleId);
      if (!rule) return;
      rule.lastRun = { at: new Date().toISOString(), ok: o.ok, upToDate: o.upToDate, fileName: o.fileName, error: o.error && { code: o.error.code, message: o.error.message }, note: o.note };
      await writeJsonAtomic(path, file);
    } catch (err) {
      log.warn(`could not record the last run: ${toErrorData(err).code}`);
    }
  }

  return {
    list: async () => (await load()).rules,

    async enable(volume: Volume, boxUrl: string): Promise<Rule> {
      if (!volume.writable) throw new AppError('destination-read-only', `"${volume.label}" is read-only, so nothing can be archived to it.`);
      if (!(await deps.settings.rememberedBackupId(boxUrl))) throw new AppError('invalid-request', 'Archive to this stick by hand once first, so the app knows which backup to copy.');
      const file = await load();
      const rule: Rule = { id: randomBytes(9).toString('base64url'), volumeId: volume.id, label: volume.label, boxUrl, createdAt: new Date().toISOString(), lastRun: null };
      file.rules = file.rules.filter((r) => r.volumeId !== volume.id);
      file.rules.push(rule);
      // Atomic (temp, fsync, rename): a stick pulled mid-write keeps the old marker or none, never half a one.
      await writeJsonAtomic(join(volume.mountPoint, MARKER), { app: deps.appName, rule: rule.id }, 0o644);
      await writeJsonAtomic(path, file);
      return rule;
    },

    /**
     * The box moved (a new address): the rule follows it, and so does the backup remembered for the
     * old address, so the next plug-in works without typing the words again.
     */
    async setBox(ruleId: string, boxUrl: string): Promise<Rule> {
      const file = await load();
      const rule = file.rules.find((r) => r.id === ruleId);
      if (!rule) throw new AppError('not-found', 'This automatic archive is no longer set up.');
      const backupId = await deps.settings.rememberedBackupId(rule.boxUrl);
      if (backupId && boxUrl !== rule.boxUrl) await deps.settings.remember(boxUrl, backupId, false, await deps.settings.rememberedRecipient(rule.boxUrl, backupId));
      rule.boxUrl = boxUrl;
      await writeJsonAtomic(path, file);
      return rule;
    },

    async disable(ruleId: string): Promise<boolean> {
      const file = await load();
      const before = file.rules.length;
      file.rules = file.rules.filter((r) => r.id !== ruleId);
      await writeJsonAtomic(path, file);
      return file.rules.length !== before;
    },

    /** Cancels every running automatic archive (the app is stopping); resolves when they ended. */
    async stop(): Promise<void> {
      for (const controller of running.values()) controller.abort();
      await queue.catch(() => undefined);
    },

    /** Called with every new volume list: runs once per newly attached remembered stick. */
    onVolumes(volumes: Volume[]): Promise<unknown> {
      const current = new Set(volumes.map(keyOf));
      const attached = known === null ? [] : volumes.filter((v) => !known!.has(keyOf(v)));
      known = current;
      for (const [key, controller] of running) {
        if (!current.has(key)) {
          log.info('a stick was removed during its automatic archive: cancelling it');
          controller.abort();
        }
      }
      if (!attached.length) return queue;
      // One bad stick (or a bug) must never stop later runs: every step is caught, and so is the queue.
      queue = queue
        .then(async () => {
          const rules = await this.list();
          for (const volume of attached) {
            try {
              const rule = await ruleFor(volume, rules);
              // A stick removed while it waited for its turn is skipped.
              if (!rule || known?.has(keyOf(volume)) === false) continue;
              const controller = new AbortController();
              running.set(keyOf(volume), controller);
              try {
                const outcome = await run(volume, rule, controller.signal);
                await recordRun(outcome);
                deps.onOutcome(outcome);
              } finally {
                running.delete(keyOf(volume));
              }
            } catch (err) {
              log.warn(`automation skipped ${volume.label}: ${toErrorData(err).code}`);
            }
          }
        })
        .catch((err: unknown) => log.warn(`automation could not run: ${toErrorData(err).code}`));
      return queue;
    },
  };
}
