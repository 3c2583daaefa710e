import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { nodeBinary } from './node-versions';

// The older-Node runs of the box package (box/backup-service/package.int.test.ts) skip, with the
// reason printed, when the registry cannot deliver; they never pass without running. A tarball
// that does not match its pinned sha512 is an error. The "registry" here is a loopback port.
const root = mkdtempSync(join(tmpdir(), 'idbox-nodever-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const supported = process.platform === 'linux' && (process.arch === 'x64' || process.arch === 'arm64');

function listen(onSocket: (s: Socket) => void): Promise<Server> {
  return new Promise((resolve) => {
    const server = createServer(onSocket);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}
const portOf = (server: Server) => (server.address() as { port: number }).port;

describe('fetching an older Node for the box package test', () => {
  it.runIf(supported)('skips with a printed reason when the registry cannot be reached (closed loopback port): no network must not fail CI', async () => {
    const closed = await listen(() => {});
    const port = portOf(closed);
    await new Promise((r) => closed.close(r));
    const cache = join(root, 'closed');
    const result = await nodeBinary('16.0.0', cache, { timeoutMs: 15_000, env: { npm_config_registry: `http://127.0.0.1:${port}/`, npm_config_cache: join(root, 'npm-cache-1') } });
    expect(result).toEqual({ skip: expect.stringContaining('cannot be reached') });
    expect(existsSync(join(cache, `node-linux-${process.arch}-16.0.0.tgz`))).toBe(false);
  });

  it.runIf(supported)('skips once its time bound passes when the registry never answers (hanging loopback server), so a run never hangs on the network', async () => {
    const sockets: Socket[] = [];
    const hanging = await listen((s) => sockets.push(s));
    const started = Date.now();
    const result = await nodeBinary('16.0.0', join(root, 'hanging'), { timeoutMs: 3_000, env: { npm_config_registry: `http://127.0.0.1:${portOf(hanging)}/`, npm_config_cache: join(root, 'npm-cache-2') } });
    sockets.forEach((s) => s.destroy());
    hanging.close();
    expect(result).toEqual({ skip: expect.stringContaining('did not deliver') });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it.runIf(supported)('refuses a cached tarball whose sha512 differs from the pinned one, and removes it: a tampered Node must never run the tests', async () => {
    const cache = join(root, 'tampered');
    mkdirSync(cache);
    const arch = process.arch === 'x64' ? 'x64' : 'arm64';
    const tarball = join(cache, `node-linux-${arch}-16.0.0.tgz`);
    const bytes = Buffer.from('not node');
    writeFileSync(tarball, bytes);
    writeFileSync(`${tarball}.integrity`, `sha512-${createHash('sha512').update(bytes).digest('base64')}\n`);
    await expect(nodeBinary('16.0.0', cache)).rejects.toThrow(/does not match sha512-/);
    expect(existsSync(tarball)).toBe(false);
  });
});
