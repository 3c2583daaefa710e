import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BACKUP_SERVICE, type ReplyMessage } from '../../shared/box-protocol';
import { createCatalog } from '../../electron/services/archive/catalog';
import { pullToArchive } from '../../electron/services/archive/pull';
import { setQuiet } from '../../electron/services/log';
import { restoreToBox } from '../../electron/services/restore/restore';
import { folderSnapshot } from '../../tests/helpers/assert';
import { startRendezvous, type RunningRendezvous } from '../rendezvous/server';
import { seedBackup } from '../seed';
import { createIpc, type Ipc } from './ipc';

// The box owner's install, end to end (box/README.md): pack the tarball, `npm install --omit=dev`
// it into an empty ~/idbox/backup-service, run the installed bin with plain `node` (no TypeScript,
// no tsx, no node_modules of ours), and pull and restore through it: rendezvous -> a box-office
// stand-in on node-ipc sockets -> the installed service process.
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-pkg-'));
const repo = join(__dirname, '..', '..');
let child: ChildProcess | null = null;
let office: Ipc | null = null;
let rendezvous: RunningRendezvous | null = null;
afterAll(async () => {
  child?.kill('SIGTERM');
  office?.server.stop();
  await rendezvous?.close();
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

describe('the backup-service package as a box owner installs it', () => {
  it('packs, installs with npm --omit=dev offline, starts with plain node, and serves a pull and a restore', async () => {
    // 1. npm run pack:box-service
    const packed = execFileSync(process.execPath, [join(repo, 'scripts', 'pack-box-service.mjs'), '--out', join(root, 'dist')], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const tarball = packed.trim().split('\n').at(-1)!;
    expect(existsSync(tarball)).toBe(true);

    // 2. ~/idbox/backup-service: one npm install of the tarball; everything is bundled, so no network.
    const installDir = join(root, 'home', 'idbox', 'backup-service');
    mkdirSync(installDir, { recursive: true });
    execFileSync('npm', ['install', '--omit=dev', '--offline', '--no-audit', '--no-fund', tarball], { cwd: installDir, stdio: 'pipe', env: { ...process.env, npm_config_yes: 'true' } });
    const ecosystem = join(installDir, 'ecosystem.config.cjs');
    expect(existsSync(ecosystem)).toBe(true);
    const apps = (createRequire(__filename)(ecosystem) as { apps: { script: string; args: string }[] }).apps;
    expect(apps[0]).toMatchObject({ script: './node_modules/.bin/backup-service', args: 'start' });
    const installed = JSON.parse(readFileSync(join(installDir, 'node_modules', '@identity-box-companion', 'backup-service', 'package.json'), 'utf8')) as { dependencies?: object; engines: { node: string } };
    expect(installed.dependencies ?? {}).toEqual({});
    expect(installed.engines.node).toBe('>=16');

    // 3. the box: its backup folder, the box-office stand-in, and the installed service under plain node.
    const data = join(root, 'backups');
    const seeded = await seedBackup(data, { identities: 2, peers: 2, fastKeys: true });
    const sockets = join(root, 'sock') + '/';
    mkdirSync(sockets);
    let registered: string | null = null;
    office = boxOffice(sockets, (p) => (registered = p));
    const bin = join(installDir, 'node_modules', '.bin', 'backup-service');
    child = spawn(process.execPath, [bin, 'start'], { cwd: installDir, env: { PATH: process.env.PATH, IDBOX_BACKUP: data, IDBOX_SOCKET_ROOT: sockets }, stdio: ['ignore', 'ignore', 'pipe'] });
    let log = '';
    child.stderr!.on('data', (d) => (log += String(d)));
    for (let i = 0; i < 200 && !registered; i++) await new Promise((r) => setTimeout(r, 50));
    expect(registered, log).toBe(BACKUP_SERVICE);
    rendezvous = await startRendezvous({ services: new Map([[BACKUP_SERVICE, forwardTo(office, 'backup-service')]]) }, { port: 0, host: '127.0.0.1' });

    // 4. a pull through it, then a re-flash (the folder is gone) and a restore.
    const before = folderSnapshot(seeded.folder);
    mkdirSync(join(root, 'stick'));
    const pulled = await pullToArchive({ boxUrl: rendezvous.url, backupId: seeded.backupId, destination: join(root, 'stick'), appName: 't', appVersion: '0', catalog: createCatalog(join(root, 'app')), retention: 10 });
    expect(pulled.files).toBe(Object.keys(before).length);
    rmSync(seeded.folder, { recursive: true });
    const restored = await restoreToBox({ archivePath: pulled.path, boxUrl: rendezvous.url, backupId: seeded.backupId, replace: false });
    expect(restored.outcome).toBe('restored');
    expect(folderSnapshot(seeded.folder)).toEqual(before);
    expect(rendezvous.violations).toEqual([]);
    expect(log).toContain('registration successful');
  }, 120_000);
});
