import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BACKUP_SERVICE, type ReplyMessage } from '../../shared/box-protocol';
import { createCatalog } from '../../services/archive/catalog';
import { pullToArchive } from '../../services/archive/pull';
import { createBoxClient } from '../../services/box/client';
import { setQuiet } from '../../services/log';
import { restoreToBox } from '../../services/restore/restore';
import { codeOf, folderSnapshot } from '../../tests/helpers/assert';
import { floodIsRefused, fourCancelsLeaveNothing, junkReplaceKeepsTheCopy, raw, restoreOverNewerKeepsIt, slowerLinkStillFinishes, type BoxUnderTest } from '../../tests/helpers/box-scenarios';
import { startThrottleProxy } from '../throttle';
import { nodeBinary } from '../../tests/helpers/node-versions';
import { startRendezvous, type RunningRendezvous } from '../rendezvous/server';
import { LEGACY_NAMES, seedBackup } from '../seed';
import { inspectPath } from '../../services/inspect/inspect';
import { digestBackup } from './digest';
import { createDescriber } from './files';
import { createIpc, type Ipc } from './ipc';

// The box owner's install, end to end (box/README.md): pack the tarball, `npm install --omit=dev`
// it into an empty ~/idbox/backup-service, run the installed bin with plain `node` (no TypeScript,
// no tsx, no node_modules of ours), and pull and restore through it: rendezvous -> a box-office
// stand-in on node-ipc sockets -> the installed service process. The service runs under this
// machine's Node (20 on our machines) and under real Node 16 and 18 binaries
// (tests/helpers/node-versions.ts); the Companion's side stays in this process. Issue #22's
// scenarios (tests/helpers/box-scenarios.ts) run on each: the slow ones (cancels, a slowing link)
// on this machine's Node and Node 16, the floor.
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-pkg-'));
const repo = join(__dirname, '..', '..');
const children = new Set<ChildProcess>();
afterAll(() => {
  for (const child of children) child.kill('SIGTERM');
  rmSync(root, { recursive: true, force: true });
});

function boxOffice(sockets: string, onRegister: (servicePath: string) => void): Ipc {
  const ipc = createIpc({ appspace: 'identity-box.', socketRoot: sockets, id: 'box-office' });
  ipc.serve(() => {
    ipc.server.on('message', (data: { method?: string; params?: { servicePath: string }[] }, socket: unknown) => {
      if (data.method !== 'register') return;
      ipc.server.emit(socket, 'message', { id: 'identity-box.box-office', response: { method: 'register-response', params: data.params } });
      onRegister(data.params![0]!.servicePath);
    });
  });
  ipc.server.start();
  return ipc;
}

/** The box-office's forwarding to a registered service, one request at a time as the client sends them. */
function forwardTo(ipc: Ipc, id: string) {
  let pending: ((reply: ReplyMessage) => void) | null = null;
  const connected = new Promise<void>((resolve) => {
    ipc.connectTo(id, () => {
      const to = ipc.of[id]!;
      to.on('connect', () => resolve());
      to.on('message', (msg: { id: string; response: ReplyMessage }) => pending?.(msg.response));
    });
  });
  return async (method: string, params: unknown[] | undefined): Promise<ReplyMessage> => {
    await connected;
    return new Promise((resolve) => {
      pending = resolve;
      ipc.of[id]!.emit('message', { id: 'identity-box', servicePath: BACKUP_SERVICE, method, ...(params ? { params } : {}) });
    });
  };
}

interface Installed extends BoxUnderTest {
  child: ChildProcess;
  setKbps(kbps: number): void;
  stop(): Promise<void>;
  rendezvous: RunningRendezvous;
}

/**
 * The installed bin, started by `node` with `env`, registered with a box-office stand-in, behind
 * the reference rendezvous and a loopback link whose speed a test can change.
 */
async function startInstalled(node: string, installDir: string, dir: string, env: Record<string, string> = {}): Promise<Installed> {
  const data = join(dir, 'backups');
  mkdirSync(data, { recursive: true });
  const sockets = join(dir, 'sock') + '/';
  mkdirSync(sockets);
  let registered: string | null = null;
  const office = boxOffice(sockets, (p) => (registered = p));
  const bin = join(installDir, 'node_modules', '.bin', 'backup-service');
  const child = spawn(node, [bin, 'start'], { cwd: installDir, env: { PATH: process.env.PATH, IDBOX_BACKUP: data, IDBOX_SOCKET_ROOT: sockets, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let log = '';
  child.stderr!.on('data', (d) => (log += String(d)));
  for (let i = 0; i < 300 && !registered && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
  expect(registered, log).toBe(BACKUP_SERVICE);
  const rendezvous = await startRendezvous({ services: new Map([[BACKUP_SERVICE, forwardTo(office, 'backup-service')]]) }, { port: 0, host: '127.0.0.1' });
  const link = await startThrottleProxy({ host: '127.0.0.1', port: rendezvous.port }, { host: '127.0.0.1', port: 0 }, 100_000_000);
  return {
    url: `http://127.0.0.1:${link.port}`,
    dataDir: data,
    log: () => log,
    child,
    rendezvous,
    setKbps: (kbps) => link.setRate(kbps * 1000),
    stop: async () => {
      child.kill('SIGCONT');
      child.kill('SIGTERM');
      children.delete(child);
      office.server.stop();
      await link.close();
      await rendezvous.close();
    },
  };
}

/** Pull and restore through the installed bin, started by `node`: the box side of every run below. */
async function serveWith(node: string, installDir: string, dir: string, heavy: boolean): Promise<string> {
  const box = await startInstalled(node, installDir, dir);
  const data = box.dataDir;
  // Two identities of today and four made before Oct 2019, whose key files are named after display names.
  const seeded = await seedBackup(data, { identities: 2, peers: 2, legacy: 4, fastKeys: true });
  // pm2 reads ecosystem.config.cjs with the box's Node: it must load there and pass IDBOX_BACKUP on.
  const app = JSON.parse(execFileSync(node, ['-e', "process.stdout.write(JSON.stringify(require('./ecosystem.config.cjs').apps[0]))"], { cwd: installDir, encoding: 'utf8', env: { PATH: process.env.PATH, IDBOX_BACKUP: data } })) as { script: string; env: object };
  expect(app).toMatchObject({ script: './node_modules/.bin/backup-service', env: { IDBOX_BACKUP: data }, stop_exit_codes: [78] });
  try {
    // a pull through it, then a re-flash (the folder is gone) and a restore.
    const before = folderSnapshot(seeded.folder);
    mkdirSync(join(dir, 'stick'));
    const pulled = await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: join(dir, 'stick'), appName: 't', appVersion: '0', catalog: createCatalog(join(dir, 'app')), retention: 10 });
    expect(pulled.files).toBe(Object.keys(before).length);
    expect(pulled.verdict.status).toBe('ok');
    for (const name of LEGACY_NAMES.slice(0, 4)) expect(pulled.archive.members.map((m) => m.path)).toContain(`${name}.pem`);
    expect((await inspectPath(pulled.path)).status).toBe('ok');
    const original = join(dir, 'original');
    cpSync(seeded.folder, original, { recursive: true });
    rmSync(seeded.folder, { recursive: true });
    const restored = await restoreToBox({ archivePath: pulled.path, boxUrl: box.url, backupId: seeded.backupId, replace: false });
    expect(restored.outcome).toBe('restored');
    expect(folderSnapshot(seeded.folder)).toEqual(before);
    execFileSync('diff', ['-r', original, seeded.folder]);

    // the box's backup changed since the archive: a restore that replaces it (the atomic swap),
    // then the digest, counted by the service under test and by this process, must agree.
    const changed = Object.keys(before).sort()[0]!;
    appendFileSync(join(seeded.folder, changed), 'x');
    const replaced = await restoreToBox({ archivePath: pulled.path, boxUrl: box.url, backupId: seeded.backupId, replace: true });
    expect(replaced.outcome).toBe('restored');
    expect(folderSnapshot(seeded.folder)).toEqual(before);
    const client = createBoxClient(box.url);
    expect(await client.backupDigest(seeded.backupId)).toEqual(await digestBackup(data, { backupId: seeded.backupId }, createDescriber().describe));
    expect(await client.backupStatus()).toMatchObject({ count: 1 });

    // Issue #22: nothing committed is lost, the service's own limits, cancels that never overlap,
    // a link that slows down, a stopped service known in seconds.
    await junkReplaceKeepsTheCopy(box, seeded);
    const older = await seedBackup(data, { identities: 1, fastKeys: true });
    await restoreOverNewerKeepsIt(box, older, join(dir, 'older'));
    await floodIsRefused(box, seeded.backupId);
    if (heavy) {
      await fourCancelsLeaveNothing(box, await seedBackup(data, { identities: 1, fastKeys: true }), join(dir, 'cancels'), () => box.setKbps(20));
      box.setKbps(100_000);
      await slowerLinkStillFinishes(box, await seedBackup(data, { identities: 1, fastKeys: true }), join(dir, 'slower'), box.setKbps);
      box.setKbps(100_000);
    }
    // Stopped (SIGSTOP: registered, never answering): pull and restore say so in about 10 s.
    const stick = join(dir, 'stick-stopped');
    mkdirSync(stick);
    // The first archive (the box's backup was replaced by junk since: an archive of that would be
    // judged damaged, and restore refuses a damaged archive before it asks the box anything).
    const archive = pulled;
    for (const run of [
      () => pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: stick, appName: 't', appVersion: '0', catalog: createCatalog(join(dir, 'app')), retention: 10 }),
      () => restoreToBox({ archivePath: archive.path, boxUrl: box.url, backupId: seeded.backupId, replace: true }),
    ]) {
      box.child.kill('SIGSTOP');
      const started = Date.now();
      expect(await codeOf(run())).toBe('service-not-answering');
      expect(Date.now() - started).toBeLessThan(30_000);
      // Running again, it answers the request it held; the rendezvous is then free for the next.
      box.child.kill('SIGCONT');
      await new Promise((r) => setTimeout(r, 1_000));
    }
    expect(box.rendezvous.violations).toEqual([]);
    expect(box.log()).toContain('registration successful');
    expect(box.log()).not.toMatch(/internal error/);
    expect(box.child.exitCode, box.log()).toBe(null);
    return box.log();
  } finally {
    await box.stop();
  }
}

/** Idle expiry with a short setting: calls 2 s apart finish an upload longer than the idle time; 4 s idle expires it. */
async function idleExpiry(node: string, installDir: string, dir: string): Promise<void> {
  const box = await startInstalled(node, installDir, dir, { IDBOX_UPLOAD_IDLE_MINUTES: '0.05' });
  try {
    const { backupId } = await seedBackup(box.dataDir, { identities: 1, fastKeys: true });
    const data = Buffer.from('y'.repeat(40));
    const files = [{ path: 'backup', size: 40, sha256: createHash('sha256').update(data).digest('hex') }];
    const first = await raw(box.url, 'import-backup', [{ backupId, files, chunks: [], final: false }]);
    const { uploadId } = first.params![0] as { uploadId: string };
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 1_500)); // 6 s in all, never 3 without a call
      const part = await raw(box.url, 'import-backup', [{ backupId, files, chunks: [{ path: 'backup', offset: i * 10, contentBase64: data.subarray(i * 10, i * 10 + 10).toString('base64') }], uploadId, final: false }]);
      expect(part.method, JSON.stringify(part)).toBe('import-backup-response');
    }
    expect((await raw(box.url, 'import-backup', [{ backupId, files, chunks: [], uploadId, final: true, replace: true }])).params![0]).toMatchObject({ written: 1 });
    const idle = await raw(box.url, 'import-backup', [{ backupId, files, chunks: [], final: false }]);
    await new Promise((r) => setTimeout(r, 4_000));
    const late = await raw(box.url, 'import-backup', [{ backupId, files, chunks: [], uploadId: (idle.params![0] as { uploadId: string }).uploadId, final: false }]);
    expect(late.params![0]).toMatchObject({ message: 'unknown or expired upload' });
  } finally {
    await box.stop();
  }
}

/** `start` and `check` without IDBOX_BACKUP, with and without ~/backups. */
function startWithoutSetting(node: string, installDir: string, dir: string): void {
  const bin = join(installDir, 'node_modules', '.bin', 'backup-service');
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const run = (args: string[]) => spawnSync(node, [bin, ...args], { cwd: installDir, env: { PATH: process.env.PATH, HOME: home }, encoding: 'utf8', timeout: 20_000 });
  // No ~/backups: one sentence naming what to set, and the exit status pm2 is told not to restart.
  for (const command of ['start', 'check']) {
    const none = run([command]);
    expect(none.status, none.stderr).toBe(78);
    expect(none.stderr.trim().split('\n')).toHaveLength(1);
    expect(none.stderr).toMatch(/IDBOX_BACKUP is not set .* set IDBOX_BACKUP in ecosystem\.config\.cjs/);
  }
  // With ~/backups: check says what start would use, and start says so in its log.
  mkdirSync(join(home, 'backups'));
  const check = run(['check']);
  expect(check.status, check.stderr).toBe(0);
  expect(check.stdout).toContain(`backup folder: ${join(home, 'backups')}`);
  const started = spawnSync(node, ['-e', `const c = require('child_process').spawn(process.argv[1], [process.argv[2], 'start'], { env: { PATH: process.env.PATH, HOME: '${home}', IDBOX_SOCKET_ROOT: '${join(dir, 'nosock')}/' } }); let e = ''; c.stderr.on('data', (d) => e += d); setTimeout(() => { c.kill(); process.stdout.write(e); }, 1500);`, node, bin], { encoding: 'utf8', timeout: 20_000 });
  expect(started.stdout).toContain(`IDBOX_BACKUP is not set; using ${join(home, 'backups')}`);
  expect(started.stdout).toContain('started');
}

// The Node a box may have: the engines floor (16.0.0, which also needs the bundle's two
// polyfills) and the last Node 18 (Raspberry Pi OS bookworm ships 18). The current Node runs too.
const OLDER_NODES = ['16.0.0', '18.20.8'];
const nodeCache = join(repo, 'node_modules', '.cache', 'idbox-node-versions');

describe('the backup-service package as a box owner installs it', () => {
  let installDir = '';
  beforeAll(() => {
    // npm run pack:box-service, then one npm install of the tarball in ~/idbox/backup-service;
    // everything is bundled, so no network.
    const packed = execFileSync(process.execPath, [join(repo, 'scripts', 'pack-box-service.mjs'), '--out', join(root, 'dist')], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const tarball = packed.trim().split('\n').at(-1)!;
    installDir = join(root, 'home', 'idbox', 'backup-service');
    mkdirSync(installDir, { recursive: true });
    execFileSync('npm', ['install', '--omit=dev', '--offline', '--no-audit', '--no-fund', tarball], { cwd: installDir, stdio: 'pipe', env: { ...process.env, npm_config_yes: 'true' } });
  }, 120_000);

  it('packs and installs with npm --omit=dev offline: ecosystem.config.cjs copied, no dependencies, engines node >= 16', () => {
    const ecosystem = join(installDir, 'ecosystem.config.cjs');
    expect(existsSync(ecosystem)).toBe(true);
    const apps = (createRequire(__filename)(ecosystem) as { apps: { script: string; args: string }[] }).apps;
    expect(apps[0]).toMatchObject({ script: './node_modules/.bin/backup-service', args: 'start' });
    const installed = JSON.parse(readFileSync(join(installDir, 'node_modules', '@identity-box-companion', 'backup-service', 'package.json'), 'utf8')) as { dependencies?: object; engines: { node: string } };
    expect(installed.dependencies ?? {}).toEqual({});
    expect(installed.engines.node).toBe('>=16');
  });

  it(`starts with plain node (this machine's ${process.version}) and serves a pull and a restore, keeps every replaced copy, enforces its limits`, async () => {
    const log = await serveWith(process.execPath, installDir, join(root, 'current'), true);
    expect(log).toContain(`Node ${process.version}`);
  }, 300_000);

  it(`this machine's ${process.version}: an upload never idle for the idle time completes; one idle expires; start without IDBOX_BACKUP`, async () => {
    await idleExpiry(process.execPath, installDir, join(root, 'current-idle'));
    startWithoutSetting(process.execPath, installDir, join(root, 'current-env'));
  }, 120_000);

  for (const version of OLDER_NODES.filter((v) => `v${v}` !== process.version)) {
    it(`starts with plain node ${version} (real binary from the npm registry) and serves a pull and a restore`, async (ctx) => {
      const binary = await nodeBinary(version, nodeCache);
      if ('skip' in binary) {
        console.warn(`[package.int.test] SKIPPED Node ${version}: ${binary.skip}`);
        ctx.skip(binary.skip);
        return;
      }
      const log = await serveWith(binary.node, installDir, join(root, `node-${version}`), version.startsWith('16.'));
      expect(log).toContain(`Node v${version}`);
      await idleExpiry(binary.node, installDir, join(root, `node-${version}-idle`));
      startWithoutSetting(binary.node, installDir, join(root, `node-${version}-env`));
    }, 300_000);
  }
});
