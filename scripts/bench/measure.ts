import { spawn, spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const hasTime = spawnSync('test', ['-x', '/usr/bin/time']).status === 0;

/** Wall time and peak RSS of one process run to completion. */
export function timed(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { seconds: number; maxRssKb: number | null; status: number | null } {
  const started = process.hrtime.bigint();
  const res = hasTime
    ? spawnSync('/usr/bin/time', ['-f', '%M', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env, maxBuffer: 64 * 1024 * 1024 })
    : spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8', env });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rss = hasTime ? Number(res.stderr.trim().split('\n').at(-1)) : NaN;
  return { seconds, maxRssKb: Number.isFinite(rss) ? rss : null, status: res.status };
}

/** Like timed(), without blocking this process (which may be serving the box being measured); also its CPU seconds. */
export function timedAsync(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ seconds: number; maxRssKb: number | null; cpuSeconds: number | null; status: number | null }> {
  const started = process.hrtime.bigint();
  const child = hasTime ? spawn('/usr/bin/time', ['-f', '%M %U %S', cmd, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env }) : spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve) =>
    child.on('close', (status) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const [rss, user, sys] = hasTime ? (stderr.trim().split('\n').at(-1) ?? '').split(' ').map(Number) : [];
      resolve({ seconds, maxRssKb: Number.isFinite(rss) ? rss! : null, cpuSeconds: Number.isFinite(user) && Number.isFinite(sys) ? user! + sys! : null, status });
    }),
  );
}

export async function pairedAsync(rounds: number, a: () => Promise<number>, b: () => Promise<number>): Promise<{ a: number; b: number; ratio: number }> {
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const x = await a();
    const y = await b();
    as.push(x);
    bs.push(y);
    ratios.push(x / y);
  }
  return { a: median(as), b: median(bs), ratio: median(ratios) };
}

/** Runs a and b alternately `rounds` times; the median of each and the median of the paired ratios a/b. */
export function paired(rounds: number, a: () => number, b: () => number): { a: number; b: number; ratio: number } {
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const x = a();
    const y = b();
    as.push(x);
    bs.push(y);
    ratios.push(x / y);
  }
  return { a: median(as), b: median(bs), ratio: median(ratios) };
}

/** The load average now (1, 5 and 15 minutes): printed with every row, since a shared machine skews wall times. */
export const loadNow = () => loadavg().map((x) => x.toFixed(2)).join(' ');

export interface PairedStats {
  /** Medians of each side's times. */
  a: number;
  b: number;
  /** Median, lowest and highest of the per-round ratios a/b. */
  ratio: number;
  min: number;
  max: number;
}

/**
 * Runs a and b `rounds` times each, in pairs whose order alternates (a then b, b then a, …), so
 * neither always runs on a cache the other warmed or after the other's burst of load.
 */
export async function pairedAlternating(rounds: number, a: () => number | Promise<number>, b: () => number | Promise<number>): Promise<PairedStats> {
  const as: number[] = [];
  const bs: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    let x: number;
    let y: number;
    if (i % 2 === 0) {
      x = await a();
      y = await b();
    } else {
      y = await b();
      x = await a();
    }
    as.push(x);
    bs.push(y);
    ratios.push(x / y);
  }
  return { a: median(as), b: median(bs), ratio: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
}

export interface Row {
  what: string;
  measured: string;
  target: string;
  ok: boolean;
}

export function printTable(rows: Row[]): void {
  console.log('\n| what | measured (this run) | target | |');
  console.log('|---|---|---|---|');
  for (const r of rows) console.log(`| ${r.what} | ${r.measured} | ${r.target} | ${r.ok ? 'met' : 'NOT met'} |`);
}
