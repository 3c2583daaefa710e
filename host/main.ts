import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { referenceDemoKit } from '../box/demo-kit';
import { appRoot, defaultDataDir, PRODUCT_NAME } from '../services/paths';
import { appVersion, createRuntime, type Runtime } from '../services/runtime';
import type { SecretCodec } from '../services/deps';
import { tryFileLock } from '../services/file-lock';
import { alreadyRunningText, findRunning, forgetRunning, recordRunning } from './running';
import { startHost } from './server';

/**
 * In the browser host there is no OS keychain: remembered values are kept in the app data folder,
 * readable only by this user (0600). The settings screen says so in these words.
 */
export const fileSecretCodec: SecretCodec = {
  description:
    'Remembered backup ids are kept in the app data folder, readable only by your user account (not encrypted: the browser version has no access to the system keychain).',
  encrypt: (plain) => Buffer.from(plain, 'utf8'),
  decrypt: (data) => data.toString('utf8'),
};

export async function runBrowserHost(options: { port?: number; dataDir?: string; quietUrl?: boolean } = {}) {
  const dataDir = options.dataDir ?? defaultDataDir();
  let runtime: Runtime | null = null;
  const host = await startHost({
    // From the sources or from a build under dist-node/: the renderer is always <app>/dist/renderer.
    staticDir: join(appRoot() ?? fileURLToPath(new URL('..', import.meta.url)), 'dist', 'renderer'),
    port: options.port ?? 0,
    createDispatcher: (sendEvent) => {
      runtime = createRuntime(
        {
          appName: PRODUCT_NAME,
          appVersion: appVersion(),
          host: 'browser-host',
          dataDir,
          secrets: fileSecretCodec,
          dialogs: null,
          shell: null,
          demoKit: referenceDemoKit,
        },
        sendEvent,
      );
      return runtime.dispatcher;
    },
  });
  return {
    host,
    async close() {
      await host.close();
      await (runtime as Runtime | null)?.dispose();
    },
  };
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: { port: { type: 'string' }, data: { type: 'string' } },
    allowPositionals: false,
  });
  const port = values.port === undefined ? 5317 : Number(values.port);
  const dataDir = values.data ?? defaultDataDir();
  // One Companion per data folder: a second start shows the way into the one that runs. The host
  // holds a lock on the folder for as long as it runs (the OS lets it go when the process ends), so
  // two starts in the same instant cannot both start: the later one waits for the other's link.
  const tellRunning = (openUrl: string) =>
    // The machine line (scripts/start.mjs passes over it), then the sentence for people.
    process.stdout.write(`IDBOX_HOST_ALREADY_RUNNING=${openUrl}\n\n${alreadyRunningText(openUrl)}\n`);
  const already = await findRunning(dataDir);
  if (already) return void tellRunning(already.openUrl);
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const folderLock = await tryFileLock(join(dataDir, 'browser-host.lock'));
  if (!folderLock) {
    for (let i = 0; i < 60; i++) {
      const other = await findRunning(dataDir, 1000);
      if (other) return void tellRunning(other.openUrl);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    process.stderr.write('Another Identity Box Companion is starting with this data folder but has not answered yet. Wait a moment, then run npm start again.\n');
    process.exitCode = 1;
    return;
  }
  // Referenced for the life of the process: a file handle nobody refers to is closed by the garbage collector, lock and all.
  process.on('exit', () => void folderLock.release());
  let running;
  try {
    running = await runBrowserHost({ port, dataDir });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      running = await runBrowserHost({ port: 0, dataDir });
    } else throw err;
  }
  recordRunning(dataDir, { pid: process.pid, openUrl: running.host.openUrl, instance: running.host.instance });
  // One line a machine can read (the e2e fixture does), then the sentence for people.
  process.stdout.write(`IDBOX_HOST_URL=${running.host.openUrl}\n`);
  // `npm start` (scripts/start.mjs) prints its own sentence around the link, once.
  if (process.env.IDBOX_HOST_URL_LINE_ONLY !== '1') process.stdout.write(`\nIdentity Box Companion is running. Open this address in your browser:\n\n  ${running.host.openUrl}\n\nKeep this window open while you use the app; press Ctrl+C to stop.\n`);
  process.on('exit', () => forgetRunning(dataDir));
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    forgetRunning(dataDir);
    void running.close().then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // When started by a test harness through a pipe, stop when the harness goes away.
  if (process.env.IDBOX_EXIT_WITH_STDIN === '1') {
    process.stdin.on('end', stop);
    process.stdin.resume();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await cli();
}
