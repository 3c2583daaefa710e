import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
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
import { folderSnapshot } from '../../tests/helpers/assert';
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
// machine's Node and under real Node 16 and 18 binaries (tests/helpers/node-versions.ts); the
// Companion's side stays in this process.
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

/** Pull and restore through the installed bin, started by `node`: the box side of every run below. */
async function serveWith(node: string, installDir: string, dir: string): Promise<string> {
  const data = join(dir, 'backups');
  // Two identities of today and four made before Oct 2019, whose key files are named after display names.
  const seeded = await seedBackup(data, { identities: 2, peers: 2, legacy: 4, fastKeys: true });
  const sockets = join(dir, 'sock') + '/';
  mkdirSync(sockets);
  let registered: string | null = null;
  const office = boxOffice(sockets, (p) => (registered = p));
  // pm2 reads ecosystem.config.cjs with the box's Node: it must load there and pass IDBOX_BACKUP on.
  const app = JSON.parse(execFileSync(node, ['-e', "process.stdout.write(JSON.stringify(require('./ecosystem.config.cjs').apps[0]))"], { cwd: installDir, encoding: 'utf8', env: { PATH: process.env.PATH, IDBOX_BACKUP: data } })) as { script: string; env: object };
  expect(app).toMatchObject({ script: './node_modules/.bin/backup-service', env: { IDBOX_BACKUP: data } });
  const bin = join(installDir, 'node_modules', '.bin', 'backup-service');
  const child = spawn(node, [bin, 'start'], { cwd: installDir, env: { PATH: process.env.PATH, IDBOX_BACKUP: data, IDBOX_SOCKET_ROOT: sockets }, stdio: ['ignore', 'ignore', 'pipe'] });
  children.add(child);
  let log = '';
  child.stderr!.on('data', (d) => (log += String(d)));
  let rendezvous: RunningRendezvous | null = null;
  try {
    for (let i = 0; i < 300 && !registered && child.exitCode === null; i++) await new Promise((r) => setTimeout(r, 50));
    expect(registered, log).toBe(BACKUP_SERVICE);
    rendezvous = await startRendezvous({ services: new Map([[BACKUP_SERVICE, forwardTo(office, 'backup-service')]]) }, { port: 0, host: '127.0.0.1' });

    // a pull through it, then a re-flash (the folder is gone) and a restore.
    const before = folderSnapshot(seeded.folder);
    mkdirSync(join(dir, 'stick'));
    const pulled = await pullToArchive({ boxUrl: rendezvous.url, backupId: seeded.backupId, destination: join(dir, 'stick'), appName: 't', appVersion: '0', catalog: createCatalog(join(dir, 'app')), retention: 10 });
    expect(pulled.files).toBe(Object.keys(before).length);
    expect(pulled.verdict.status).toBe('ok');
    for (const name of LEGACY_NAMES.slice(0, 4)) expect(pulled.archive.members.map((m) => m.path)).toContain(`${name}.pem`);
    expect((await inspectPath(pulled.path)).status).toBe('ok');
    const original = join(dir, 'original');
    cpSync(seeded.folder, original, { recursive: true });
    rmSync(seeded.folder, { recursive: true });
    const restored = await restoreToBox({ archivePath: pulled.path, boxUrl: rendezvous.url, backupId: seeded.backupId, replace: false });
    expect(restored.outcome).toBe('restored');
    expect(folderSnapshot(seeded.folder)).toEqual(before);
    execFileSync('diff', ['-r', original, seeded.folder]);

    // the box's backup changed since the archive: a restore that replaces it (the atomic swap),
    // then the digest, counted by the service under test and by this process, must agree.
    const changed = Object.keys(before).sort()[0]!;
    appendFileSync(join(seeded.folder, changed), 'x');
    const replaced = await restoreToBox({ archivePath: pulled.path, boxUrl: rendezvous.url, backupId: seeded.backupId, replace: true });
    expect(replaced.outcome).toBe('restored');
    expect(folderSnapshot(seeded.folder)).toEqual(before);
    const client = createBoxClient(rendezvous.url);
    expect(await client.backupDigest(seeded.backupId)).toEqual(await digestBackup(data, { backupId: seeded.backupId }, createDescriber().describe));
    expect(await client.backupStatus()).toMatchObject({ count: 1 });
    expect(rendezvous.violations).toEqual([]);
    expect(log).toContain('registration successful');
    expect(child.exitCode, log).toBe(null);
    return log;
  } finally {
    child.kill('SIGTERM');
    children.delete(child);
    office.server.stop();
    await rendezvous?.close();
  }
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

  it(`starts with plain node (this machine's ${process.version}) and serves a pull and a restore`, async () => {
    const log = await serveWith(process.execPath, installDir, join(root, 'current'));
    expect(log).toContain(`Node ${process.version}`);
  }, 120_000);

  for (const version of OLDER_NODES.filter((v) => `v${v}` !== process.version)) {
    it(`starts with plain node ${version} (real binary from the npm registry) and serves a pull and a restore`, async (ctx) => {
      const binary = await nodeBinary(version, nodeCache);
      if ('skip' in binary) {
        console.warn(`[package.int.test] SKIPPED Node ${version}: ${binary.skip}`);
        ctx.skip(binary.skip);
        return;
      }
      const log = await serveWith(binary.node, installDir, join(root, `node-${version}`));
      expect(log).toContain(`Node v${version}`);
    }, 120_000);
  }
});
