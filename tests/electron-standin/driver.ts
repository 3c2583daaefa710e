import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

/**
 * The test side of the Electron stand-in: builds it, stages the app as the package ships it
 * (package.json, dist-electron/, dist/renderer/), starts it in a child process in place of the
 * Electron binary, and sends it commands (commands.ts).
 */
export const root = new URL('../..', import.meta.url).pathname.replace(/\/$/, '');
const here = join(root, 'tests', 'electron-standin');

export interface StandinBuild {
  harness: string;
  electron: string;
  hooks: string;
}

export async function buildStandin(outdir: string): Promise<StandinBuild> {
  await build({
    absWorkingDir: root,
    entryPoints: { electron: join(here, 'electron.ts'), harness: join(here, 'harness.ts') },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.mjs' },
    logLevel: 'warning',
  });
  const hooks = join(outdir, 'hooks.mjs');
  copyFileSync(join(here, 'hooks.mjs'), hooks);
  return { harness: join(outdir, 'harness.mjs'), electron: join(outdir, 'electron.mjs'), hooks };
}

/** The app as electron-builder's `files` put it in the package: built renderer, built shell, package.json. */
export function stageApp(appDir: string): string {
  mkdirSync(appDir, { recursive: true });
  writeFileSync(join(appDir, 'package.json'), readFileSync(join(root, 'package.json')));
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn', '--outDir', join(appDir, 'dist', 'renderer')], { cwd: root, stdio: 'pipe' });
  execFileSync(process.execPath, [join(root, 'scripts', 'build-electron.mjs'), '--outdir', join(appDir, 'dist-electron')], { cwd: root, stdio: 'pipe' });
  return appDir;
}

export interface LaunchOptions {
  appDir: string;
  userData: string;
  args?: string[];
  env?: Record<string, string>;
}

type Reply = { type: 'reply'; id: number; ok: boolean; value?: unknown; error?: string };
type Message = Reply | { type: 'loaded' } | { type: 'load-failed' | 'uncaught'; message: string };

export class StandinRun {
  readonly child: ChildProcess;
  /** Uncaught exceptions and unhandled rejections in the app: each is a failure. */
  readonly problems: string[] = [];
  /** The exit code: 0 when the app quit (Electron's order ran to the end), anything else a crash. */
  readonly exited: Promise<number | null>;
  output = '';
  private nextId = 1;
  private readonly pending = new Map<number, (reply: Reply) => void>();
  private readonly loadedPromise: Promise<void>;

  constructor(standin: StandinBuild, options: LaunchOptions) {
    this.child = fork(standin.harness, options.args ?? [], {
      cwd: options.appDir,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      env: {
        ...process.env,
        IDBOX_LOG: '1',
        ...options.env,
        STANDIN_APP_DIR: options.appDir,
        STANDIN_USER_DATA: options.userData,
        STANDIN_HOOKS: standin.hooks,
        STANDIN_ELECTRON: standin.electron,
      },
    });
    this.child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    this.loadedPromise = new Promise((resolve, reject) => {
      this.child.on('message', (message: Message) => {
        if (message.type === 'reply') this.pending.get(message.id)?.(message);
        else if (message.type === 'loaded') resolve();
        else if (message.type === 'load-failed') reject(new Error(`the app did not load: ${message.message}`));
        else if ('message' in message) this.problems.push(`${message.type}: ${message.message}`);
      });
      void this.exited.then((code) => reject(new Error(`the app process ended (${code}) before it loaded:\n${this.output}`)));
    });
  }

  loaded(): Promise<void> {
    return this.loadedPromise;
  }

  async send<T = unknown>(command: string, args: Record<string, unknown> = {}): Promise<T> {
    const id = this.nextId++;
    const reply = new Promise<Reply>((resolve, reject) => {
      this.pending.set(id, resolve);
      void this.exited.then((code) => reject(new Error(`the app process ended (${code}) during ${command}:\n${this.output}`)));
    });
    this.child.send({ id, command, args });
    const res = await reply;
    this.pending.delete(id);
    if (!res.ok) throw new Error(`stand-in command ${command}: ${res.error}`);
    return res.value as T;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }
}
