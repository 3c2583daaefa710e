import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Server } from 'socket.io';
import { startReferenceBox } from '../../box/reference-box';
import { seedBackup } from '../../box/seed';
import { createCatalog } from '../../services/archive/catalog';
import { pullToArchive } from '../../services/archive/pull';
import { setQuiet } from '../../services/log';
import { median, paired, pairedAsync, timed, timedAsync, type Row } from './measure';

const here = new URL('.', import.meta.url).pathname;

/** `idbox --version` against `node -e ''`, and a pull of 100 identities against `idbox --version`. */
export async function benchStartupAndPull(root: string, bin: string): Promise<Row[]> {
  setQuiet(true);
  const node = () => timed(process.execPath, ['-e', '']).seconds;
  const version = () => timed(process.execPath, [bin, '--version']).seconds;
  version();
  const v = paired(7, version, node);

  const data = join(root, 'box100');
  const seeded = await seedBackup(data, { identities: 100, peers: 10, fastKeys: true });
  const box = await startReferenceBox({ dataDir: data });
  try {
    const env = { ...process.env, IDBOX_DATA_DIR: join(root, 'app-cli'), IDBOX_LOG: 'silent' };
    let n = 0;
    const pull = async () => {
      const to = join(root, `pull100-${n++}`);
      mkdirSync(to);
      const r = await timedAsync(process.execPath, [bin, 'pull', '--box', box.url, '--backup-id', seeded.backupId, '--to', to, '--json'], env);
      if (r.status !== 0) throw new Error('idbox pull failed in the benchmark');
      return r.seconds;
    };
    await pull();
    const p = await pairedAsync(5, pull, async () => version());
    const inProcess: number[] = [];
    for (let i = 0; i < 5; i++) {
      const to = join(root, `pull100-in-${i}`);
      mkdirSync(to);
      const t0 = performance.now();
      await pullToArchive({ boxUrl: box.url, backupId: seeded.backupId, destination: to, appName: 'bench', appVersion: '0', catalog: createCatalog(join(root, 'app-in')), retention: 10 });
      inProcess.push(performance.now() - t0);
    }
    const inMs = median(inProcess.slice(1));
    return [
      { what: "`idbox --version` vs `node -e ''`", measured: `${v.ratio.toFixed(1)}x (${v.a.toFixed(3)} s vs ${v.b.toFixed(3)} s)`, target: '<= 3x', ok: v.ratio <= 3 },
      {
        what: 'pull of 100 identities, whole process, vs `idbox --version`',
        measured: `${p.ratio.toFixed(1)}x (${p.a.toFixed(3)} s); in-process pull+write+verify ${inMs.toFixed(0)} ms`,
        target: '<= 1.5x; in-process < 250 ms',
        ok: p.ratio <= 1.5 && inMs < 250,
      },
    ];
  } finally {
    await box.close();
  }
}

const range = (xs: number[]) => `${Math.min(...xs).toFixed(1)}-${Math.max(...xs).toFixed(1)}`;

/** A 50 MB backup pulled by `idbox pull` (its own process) from the reference box, against plain Socket.IO. */
export async function benchLargePull(root: string, bin: string, megabytes: number): Promise<Row[]> {
  const bytes = megabytes * 1e6;
  const data = join(root, 'box-large');
  const seeded = await seedBackup(data, { identities: 1, fastKeys: true });
  // base64url, as a real bundle is: the pull judges the bundle's structure (the verdict).
  writeFileSync(join(seeded.folder, 'backup'), randomBytes(bytes).toString('base64url').slice(0, bytes));
  const box = await startReferenceBox({ dataDir: data });
  const http = createServer();
  const io = new Server(http, { maxHttpBufferSize: 1e6 });
  const piece = randomBytes(512 * 1024);
  io.on('connection', (s) => s.on('get', (_offset: number, ack: (b: Buffer) => void) => ack(piece)));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  const plainUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  try {
    const env = { ...process.env, IDBOX_DATA_DIR: join(root, 'app-large'), IDBOX_LOG: 'silent' };
    // Paired: each pull is followed by the yardstick (plain Socket.IO moving the same bytes), so the
    // machine's load hits both alike; the ratio of each pair is what is reported.
    const runs: { seconds: number; rss: number; pullCpu: number; boxCpu: number; plain: number }[] = [];
    for (let i = 0; i < 5; i++) {
      const to = join(root, `large-${i}`);
      mkdirSync(to);
      const boxCpu = process.cpuUsage();
      const r = await timedAsync(process.execPath, [bin, 'pull', '--box', box.url, '--backup-id', seeded.backupId, '--to', to, '--json'], env);
      if (r.status !== 0) throw new Error('idbox pull of the large backup failed in the benchmark');
      const served = process.cpuUsage(boxCpu);
      rmSync(to, { recursive: true, force: true });
      const plain = (await timedAsync(process.execPath, [join(here, 'plain-socketio.mjs'), plainUrl, String(bytes)])).seconds;
      // CPU seconds of each side of the exchange (the pull process, the box serving it): what the
      // transfer costs regardless of how busy the machine is.
      runs.push({ seconds: r.seconds, rss: (r.maxRssKb ?? 0) / 1024, pullCpu: r.cpuSeconds ?? NaN, boxCpu: (served.user + served.system) / 1e6, plain });
    }
    const mb = bytes / 1e6;
    const ours = mb / median(runs.map((r) => r.seconds));
    const base = mb / median(runs.map((r) => r.plain));
    const ratio = median(runs.map((r) => r.plain / r.seconds));
    const [lo, hi] = [Math.min(...runs.map((r) => r.plain / r.seconds)), Math.max(...runs.map((r) => r.plain / r.seconds))];
    const pullCpu = median(runs.map((r) => r.pullCpu));
    const boxCpuS = median(runs.map((r) => r.boxCpu));
    const perCpu = median(runs.map((r) => mb / (r.pullCpu + r.boxCpu)));
    const rss = Math.max(...runs.map((r) => r.rss));
    return [
      {
        what: `pull of a ${megabytes} MB backup (\`idbox pull\`, whole process, loopback)`,
        measured: `${ours.toFixed(1)} MB/s; ${ratio.toFixed(3)} (${lo.toFixed(3)}-${hi.toFixed(3)}) of plain Socket.IO (${base.toFixed(0)} MB/s), paired x5`,
        target: '>= 20 MB/s',
        ok: ours >= 20,
      },
      {
        what: `CPU of that pull, each side`,
        measured: `client ${((pullCpu * 1000) / mb).toFixed(1)} ms/MB (${range(runs.map((r) => (r.pullCpu * 1000) / mb))}), box ${((boxCpuS * 1000) / mb).toFixed(1)} ms/MB (${range(runs.map((r) => (r.boxCpu * 1000) / mb))}): ${perCpu.toFixed(1)} MB per CPU-second together (${range(runs.map((r) => mb / (r.pullCpu + r.boxCpu)))})`,
        target: '>= 20 MB per CPU-second',
        ok: perCpu >= 20,
      },
      { what: 'peak RSS of that pull', measured: `${rss.toFixed(0)} MB`, target: '< 150 MB', ok: rss < 150 },
    ];
  } finally {
    io.close();
    await box.close();
  }
}
