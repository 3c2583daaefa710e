import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Real Node.js binaries of older release lines, for running the box-side package the way an
 * older box would (a Pi may have Node 16 or 18). They come from the npm registry (the official
 * builds, republished as `node-linux-<arch>@<version>`), fetched with `npm pack` into a cache that
 * later runs reuse, and checked against the sha512 pinned here (and the one npm reports).
 * Anything that keeps the registry from delivering (no network, a timeout, no build for this
 * platform) is a reason to skip, returned as a sentence; a tarball that does not match is an error.
 */
export type NodeBinary = { node: string; version: string } | { skip: string };

/** The registry's `dist.integrity` of each tarball we run (`npm view node-linux-<arch>@<v> dist.integrity`). */
const PINNED: Record<string, Partial<Record<string, string>>> = {
  '16.0.0': {
    x64: 'sha512-DN5xtOh3Ok3VnARvhkfBbsl6m1sMURTJZl7MYspgb3ShjuPEL+3ZlZe/dNGcdDEc56QbHweNvhGSvWrVpryqmg==',
    arm64: 'sha512-8nJt5rJwrbtWORgRX5fiL+RvpMtMF/UfqSohIcDLe+Pj2xPRpcOovtBI2jiINi3dOVukjkhTBbKlbuRbGTEr7Q==',
  },
  '18.20.8': {
    x64: 'sha512-JWUTwZ9vMOjZXMtiBc74OZn12DXb4skKfY4Nlyc17Ss8BTaxjwkXAw6xZb0Ck5afUYU/neBbrHjo9O3baF34ww==',
    arm64: 'sha512-xTMJYtLdLjIimh8zRpgUDFsNknLP72AT/QWEQmeyDOM1/Gqj/GZn/MlbA+zWSjSMBxQscYvgFpq3qERMEcFEUA==',
  },
};

/** npm's error codes that mean "the registry could not be reached or did not deliver". */
const UNREACHABLE = /^(E(CONNREFUSED|CONNRESET|NOTFOUND|AI_AGAIN|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|PROXY\w*|5\d\d)|ERR_SOCKET_TIMEOUT|FETCH_ERROR|ENOTCACHED)$/;
const NOT_PUBLISHED = /^(E404|ETARGET)$/;

interface Run {
  code: number | string | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function run(file: string, args: string[], options: { cwd?: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    const env = { ...process.env, ...options.env, npm_config_fetch_retries: '1', npm_config_fetch_retry_mintimeout: '1000', npm_config_fetch_retry_maxtimeout: '2000', npm_config_fetch_timeout: String(options.timeoutMs), npm_config_update_notifier: 'false' };
    execFile(file, args, { cwd: options.cwd, timeout: options.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 8 * 1024 * 1024, env }, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number | string; killed?: boolean; signal?: string }) | null;
      resolve({ code: e ? (e.code ?? 1) : 0, stdout, stderr, timedOut: Boolean(e?.killed && e.signal === 'SIGKILL') });
    });
  });
}

async function sha512(file: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return `sha512-${hash.digest('base64')}`;
}

function npmArch(): string | null {
  if (process.platform !== 'linux') return null;
  return ({ x64: 'x64', arm64: 'arm64', arm: 'armv7l' } as Record<string, string>)[process.arch] ?? null;
}

/**
 * The `node` binary of `version` for this machine, from `cacheDir` or fetched into it within
 * `timeoutMs`. Verifies the tarball on every call (pinned sha512 where we have one for this arch,
 * and always npm's own `integrity`), and that the binary says the version it should.
 */
export async function nodeBinary(version: string, cacheDir: string, options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<NodeBinary> {
  const timeoutMs = options.timeoutMs ?? 45_000;
  const arch = npmArch();
  if (!arch) return { skip: `no Node ${version} build on npm for ${process.platform}-${process.arch}` };
  const spec = `node-linux-${arch}@${version}`;
  const tarball = join(cacheDir, `node-linux-${arch}-${version}.tgz`);
  const record = `${tarball}.integrity`;
  mkdirSync(cacheDir, { recursive: true });

  if (!existsSync(tarball) || !existsSync(record)) {
    const started = Date.now();
    const staging = mkdtempSync(join(cacheDir, 'fetch-'));
    try {
      const packed = await run('npm', ['pack', spec, '--json', '--pack-destination', staging, '--prefer-offline', '--no-audit', '--no-fund'], { cwd: staging, timeoutMs, env: options.env });
      if (packed.timedOut) return { skip: `the npm registry did not deliver ${spec} within ${Math.round(timeoutMs / 1000)} s` };
      let json: unknown;
      try {
        json = JSON.parse(packed.stdout);
      } catch {
        json = null;
      }
      const error = (json as { error?: { code?: string; summary?: string } } | null)?.error;
      if (error || packed.code !== 0) {
        const code = error?.code ?? '';
        const why = (error?.summary ?? packed.stderr).split('\n')[0]!.slice(0, 200);
        if (UNREACHABLE.test(code)) return { skip: `the npm registry cannot be reached for ${spec} (${code}: ${why})` };
        if (NOT_PUBLISHED.test(code)) return { skip: `${spec} is not on the npm registry (${code})` };
        throw new Error(`npm pack ${spec} failed (${code || `exit ${String(packed.code)}`}): ${why}`);
      }
      const entry = (json as { filename: string; integrity: string }[])[0]!;
      renameSync(join(staging, entry.filename), tarball);
      writeFileSync(record, `${entry.integrity}\n`);
      process.stderr.write(`[node-versions] fetched ${spec} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    } finally {
      rmSync(staging, { recursive: true, force: true });
    }
  }

  const dir = join(cacheDir, `node-v${version}-linux-${arch}`);
  const actual = await sha512(tarball);
  const reported = readFileSync(record, 'utf8').trim();
  const pinned = PINNED[version]?.[arch];
  if (actual !== reported || (pinned !== undefined && actual !== pinned)) {
    rmSync(tarball, { force: true });
    rmSync(record, { force: true });
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`${spec}: the tarball's sha512 ${actual} does not match ${pinned ?? reported}; removed it from ${cacheDir}`);
  }

  const node = join(dir, 'node');
  if (!existsSync(node)) {
    const staging = mkdtempSync(join(cacheDir, 'unpack-'));
    const untar = await run('tar', ['xzf', tarball, '-C', staging, '--strip-components=2', 'package/bin/node'], { timeoutMs: 60_000 });
    if (untar.code !== 0) throw new Error(`could not unpack bin/node from ${tarball}: ${untar.stderr.trim()}`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  }
  const said = await run(node, ['--version'], { timeoutMs: 20_000 });
  if (said.stdout.trim() !== `v${version}`) throw new Error(`${node} says "${said.stdout.trim()}" (${said.stderr.trim().slice(0, 200)}), not v${version}`);
  return { node, version };
}
