import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type * as Asar from '@electron/asar';
import type * as Fuses from '@electron/fuses';
import { root } from './driver';

/**
 * Packaging without the Electron binary: a stand-in Electron distribution for electron-builder's
 * `electronDist`, and the tools electron-builder itself uses (@electron/asar, @electron/fuses,
 * js-yaml), loaded from where electron-builder's own dependencies are installed.
 */
const builderRequire = createRequire(createRequire(join(root, 'package.json')).resolve('app-builder-lib/package.json'));
export const asar = builderRequire('@electron/asar') as typeof Asar;
export const fuses = builderRequire('@electron/fuses') as typeof Fuses;
const yaml = builderRequire('js-yaml') as { load(text: string): unknown };

export interface BuilderConfig {
  productName: string;
  files: string[];
  asarUnpack: string[];
  extraResources: { from: string; to: string; filter: string[] }[];
  electronFuses: Record<string, boolean>;
}

export const builderConfig = () => yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

// @electron/fuses' fuse wire: a sentinel, the wire's version, its length, then one byte per fuse.
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's own defaults (RunAsNode, CookieEncryption, NodeOptions, NodeCliInspect, AsarIntegrity, OnlyLoadAppFromAsar, V8Snapshot, FileProtocol). */
const ELECTRON_DEFAULT_WIRE = '10110001';

/**
 * A folder shaped like an unpacked Electron for Linux: the `electron` executable (a script that
 * says it is a stand-in and exits 1, carrying Electron's fuse wire so electron-builder can set the
 * fuses) and resources/.
 */
export function standinElectronDist(dir: string): string {
  mkdirSync(join(dir, 'resources'), { recursive: true });
  const script = '#!/bin/sh\necho "This is a stand-in for the Electron runtime, which is not installed here." >&2\nexit 1\n# fuse wire: ';
  const wire = Buffer.concat([Buffer.from(script), Buffer.from(SENTINEL), Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]), Buffer.from(`${ELECTRON_DEFAULT_WIRE}\n`)]);
  writeFileSync(join(dir, 'electron'), wire, { mode: 0o755 });
  writeFileSync(join(dir, 'LICENSE'), 'Stand-in for the Electron distribution (tests only).\n');
  return dir;
}

export interface PackResult {
  status: number | null;
  output: string;
  /** Set when electron-builder could not run without the network: the reason, printed by the test. */
  offline: string | null;
}

/** electron-builder's packaging step for Linux (`--dir`), with nothing fetched: our Electron, no rebuild, no publish. */
export function packLinuxDir(electronDist: string, output: string): PackResult {
  const res = spawnSync(
    process.execPath,
    [
      join(root, 'node_modules', 'electron-builder', 'cli.js'),
      '--linux',
      'dir',
      '--x64',
      '--publish',
      'never',
      `-c.electronDist=${electronDist}`,
      '-c.npmRebuild=false',
      `-c.directories.output=${output}`,
    ],
    { cwd: root, encoding: 'utf8', timeout: 600_000, env: { ...process.env, ELECTRON_BUILDER_OFFLINE: '1', CI: '1' } },
  );
  const text = `${res.stdout}${res.stderr}`;
  const network = /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|getaddrinfo|ETIMEDOUT|socket hang up/.exec(text);
  return { status: res.status, output: text, offline: res.status !== 0 && network ? `electron-builder needed the network (${network[0]})` : null };
}
