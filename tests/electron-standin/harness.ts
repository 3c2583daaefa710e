import { readFileSync } from 'node:fs';
import { register } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { app } from './app';
import { commands } from './commands';
import { settings } from './record';

/**
 * The child process a test starts in place of the Electron binary: `node harness.mjs` with the app
 * folder in STANDIN_APP_DIR (as `electron <folder>`). It sends `electron` to the stand-in through a
 * loader hook, loads the app's package.json "main" through Node's ESM loader (the loader Electron's
 * main process uses), then runs the test's commands, which arrive over the IPC channel.
 */
type Message = { id: number; command: string; args: Record<string, unknown> };

const env = process.env;
const appDir = env.STANDIN_APP_DIR!;
const pkg = JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { version?: string; main?: string };
settings.userData = env.STANDIN_USER_DATA!;
settings.appVersion = pkg.version ?? '0.0.0';
settings.lockHeld = env.STANDIN_LOCK_HELD === '1';
settings.openAtLogin = env.STANDIN_OPEN_AT_LOGIN === '1';
settings.keychain = env.STANDIN_KEYCHAIN !== 'none';
// Electron ends the process right after 'quit', whatever is still pending: so does the stand-in.
settings.onTerminate = () => process.exit(0);
if (env.STANDIN_RESOURCES) Object.defineProperty(process, 'resourcesPath', { value: env.STANDIN_RESOURCES });

const report = (type: string, err: unknown) => process.send!({ type, message: err instanceof Error ? `${err.name}: ${err.message}\n${err.stack}` : String(err) });
// Electron's main process reports an uncaught exception and carries on; the test counts each as a
// failure. Unhandled rejections keep Node's default (the process ends) unless the app listens for them.
process.on('uncaughtException', (err) => report('uncaught', err));

process.on('message', (message: Message) => {
  void (async () => {
    try {
      const command = commands[message.command];
      if (!command) throw new Error(`no stand-in command ${message.command}`);
      process.send!({ type: 'reply', id: message.id, ok: true, value: await command(message.args ?? {}) });
    } catch (err) {
      process.send!({ type: 'reply', id: message.id, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  })();
});

register(pathToFileURL(env.STANDIN_HOOKS!), { data: { electronUrl: pathToFileURL(env.STANDIN_ELECTRON!).href } });
try {
  if (!pkg.main) throw new Error(`${join(appDir, 'package.json')} names no "main"`);
  await import(pathToFileURL(join(appDir, pkg.main)).href);
  // The app as it behaves on another system (start at login exists on macOS and Windows only); set
  // once its modules (and their native addons, which pick a build by platform) have loaded.
  if (env.STANDIN_PLATFORM) Object.defineProperty(process, 'platform', { value: env.STANDIN_PLATFORM });
  process.send!({ type: 'loaded', ready: app.ready });
} catch (err) {
  report('load-failed', err);
}
