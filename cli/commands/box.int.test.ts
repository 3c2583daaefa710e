import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isValidBoxMnemonic } from '../../shared/mnemonic';
import { main } from '../main';
import { captureIO } from '../../tests/helpers/assert';

const dir = mkdtempSync(join(tmpdir(), 'idbox-cli-box-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const root = new URL('../..', import.meta.url).pathname;


describe('idbox box', () => {
  it('seed writes a folder and the words (0600); serve + status work from the real bin', async () => {
    const c = captureIO();
    const words = join(dir, 'words.txt');
    expect(await main(['box', 'seed', '--data', join(dir, 'data'), '--identities', '2', '--peers', '1', '--mnemonic-out', words], c.io)).toBe(0);
    expect(isValidBoxMnemonic(readFileSync(words, 'utf8'))).toBe(true);
    expect(statSync(words).mode & 0o777).toBe(0o600);

    const server = spawn(process.execPath, [join(root, 'bin/idbox.mjs'), 'box', 'serve', '--data', join(dir, 'data'), '--port', '0'], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = '';
        server.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          const m = /listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(text);
          if (m?.[1]) resolve(m[1]);
        });
        server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
      });
      const s = captureIO();
      expect(await main(['box', 'status', '--box', url, '--json'], s.io)).toBe(0);
      const status = JSON.parse(s.out.join(''));
      expect(status).toMatchObject({ reachable: true, backupService: { installed: true, count: 1 }, problem: null });
    } finally {
      server.kill('SIGTERM');
    }
  });

  it('status exits 5 with a sentence for an unreachable box', async () => {
    const c = captureIO();
    expect(await main(['box', 'status', '--box', 'http://127.0.0.1:1'], c.io)).toBe(5);
    expect(c.out.join('\n')).toMatch(/did not answer/);
  });

  it('serve refuses a LAN address without --allow-lan', async () => {
    const c = captureIO();
    expect(await main(['box', 'serve', '--data', dir, '--host', '0.0.0.0'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/--allow-lan/);
  });
});

describe('idbox box serve on a port that is taken', () => {
  it('says the port is taken and suggests --port, in one sentence, exit 2', async () => {
    const { createServer } = await import('node:net');
    const taken = createServer();
    await new Promise<void>((r) => taken.listen(0, '127.0.0.1', r));
    const port = (taken.address() as { port: number }).port;
    try {
      const c = captureIO();
      expect(await main(['box', 'serve', '--data', join(dir, 'data-busy'), '--port', String(port)], c.io)).toBe(2);
      expect(c.err.join('')).toContain(`Port ${port} on 127.0.0.1 is already taken by another program`);
      expect(c.err.join('')).toContain(`--port ${port + 1}`);
    } finally {
      taken.close();
    }
  });
});
