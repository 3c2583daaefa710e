import { existsSync } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { backupLabel } from '../../shared/archive/fingerprint';
import { backupIdFromMnemonic } from '../../shared/backup-id';
import { AppError } from '../../shared/errors';
import { mnemonicToEntropy } from '../../shared/mnemonic';
import { writeJsonAtomic } from '../atomic-json';
import type { DemoBoxKit, RunningDemoBox } from '../deps';
import { serializedFor } from '../file-lock';
import { createLogger } from '../log';

const log = createLogger('demo-box');

/**
 * Test hook, honoured only when IDBOX_TEST_HOOKS=1: IDBOX_DEMO_THROTTLE_KBPS slows the demo box's
 * link to that many kilobytes per second, so tests can watch progress and cancel mid-transfer.
 */
export function demoThrottleKbps(env: NodeJS.ProcessEnv = process.env): number | undefined {
  if (env.IDBOX_TEST_HOOKS !== '1' || !env.IDBOX_DEMO_THROTTLE_KBPS) return undefined;
  const n = Number(env.IDBOX_DEMO_THROTTLE_KBPS);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

const DemoState = z.object({ version: z.literal(1), mnemonic: z.string(), identities: z.array(z.string()), peers: z.number() });
const demoStatePath = (dataDir: string) => join(dataDir, 'demo-box', 'demo.json');

/**
 * The backup id of the made-up demo backup, or null when the demo box was never started. Archives
 * of this id are demo archives: marked DEMO and never counted as the user's backup.
 */
export async function readDemoBackupId(dataDir: string): Promise<string | null> {
  const text = await readFile(demoStatePath(dataDir), 'utf8').catch(() => null);
  if (text === null || text.length > 64 * 1024) return null;
  try {
    const parsed = DemoState.safeParse(JSON.parse(text));
    return parsed.success && mnemonicToEntropy(parsed.data.mnemonic) ? backupIdFromMnemonic(parsed.data.mnemonic) : null;
  } catch {
    return null;
  }
}

/**
 * The demo box: the reference box on 127.0.0.1, inside the app, with one made-up backup whose
 * words the demo screen shows. Its data lives in <dataDir>/demo-box and is reused next time.
 */
export type DemoBox = ReturnType<typeof createDemoBox>;

export function createDemoBox(dataDir: string, kit: DemoBoxKit) {
  const root = join(dataDir, 'demo-box');
  const statePath = demoStatePath(dataDir);
  let running: RunningDemoBox | null = null;
  let state: z.infer<typeof DemoState> | null = null;

  // One seeding at a time, also across processes sharing this data folder.
  const serial = serializedFor(statePath, () => new AppError('internal', 'Another program on this computer kept the demo box busy. Try again.'));

  async function readState(): Promise<z.infer<typeof DemoState> | null> {
    const text = await readFile(statePath, 'utf8').catch(() => null);
    if (text === null || text.length > 64 * 1024) return null;
    try {
      const parsed = DemoState.safeParse(JSON.parse(text));
      if (parsed.success && mnemonicToEntropy(parsed.data.mnemonic)) return parsed.data;
    } catch {
      /* a damaged state file: seeded afresh below */
    }
    log.warn('the demo box state was damaged; making a fresh demo backup');
    return null;
  }

  /** The demo backup, made once; a damaged or missing state file (or backup) gives a fresh one. */
  const ensureSeeded = () =>
    serial(async () => {
      const known = await readState();
      if (known && existsSync(join(root, 'backups', backupIdFromMnemonic(known.mnemonic)))) return known;
      // Only ever our own demo folder: start it afresh so the demo box holds exactly one backup.
      await rm(join(root, 'backups'), { recursive: true, force: true });
      await mkdir(root, { recursive: true });
      const seeded = await kit.seed(join(root, 'backups'), {
        identities: 2,
        peers: 3,
        names: ['Demo Personal', 'Demo Work'],
        fastKeys: true,
      });
      const fresh = { version: 1 as const, mnemonic: seeded.mnemonic, identities: seeded.displayNames, peers: seeded.peers };
      await writeJsonAtomic(statePath, fresh);
      return fresh;
    });

  async function startOnce() {
    state ??= await ensureSeeded();
    if (!running) {
      running = await kit.start({ dataDir: join(root, 'backups'), port: 0, host: '127.0.0.1', throttleKbps: demoThrottleKbps(), log: (l) => log.info(l) });
      log.info(`demo box running at ${running.url}`);
    }
    return {
      url: running.url,
      mnemonic: state.mnemonic,
      // Archives of the demo are made with its words, so always sealed: named by their fingerprint.
      backupIdPrefix: backupLabel(backupIdFromMnemonic(state.mnemonic), true),
      identities: state.identities,
      peers: state.peers,
    };
  }
  /** Calls at the same moment share one start: one demo box, whoever asked first. */
  let starting: ReturnType<typeof startOnce> | null = null;

  return {
    start() {
      starting ??= startOnce().finally(() => {
        starting = null;
      });
      return starting;
    },
    async stop() {
      if (!running) return false;
      await running.close();
      running = null;
      return true;
    },
    url: () => running?.url ?? null,
  };
}
