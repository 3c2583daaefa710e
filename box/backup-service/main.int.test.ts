import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedBackup } from '../seed';
import { createIpc } from './ipc';
import { runBackupService } from './main';

// A fake box-office on a temporary socket root: the service must register, then answer the
// box-office's requests with { id, response } exactly as the real box services do.
const root = mkdtempSync(join(tmpdir(), 'idbox-ipc-'));
const sockets = `${root}/sock/`;
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('backup-service over node-ipc', () => {
  it('registers with the box-office and answers its requests', async () => {
    const { mkdirSync } = await import('node:fs');
    mkdirSync(sockets, { recursive: true });
    const seeded = await seedBackup(join(root, 'data'), { identities: 1, fastKeys: true });
    const office = createIpc({ appspace: 'identity-box.', socketRoot: sockets, id: 'box-office' });
    const registered = new Promise<unknown>((resolve) => {
      office.serve(() => {
        // Answers exactly as the real box-office (a utils Service) does.
        office.server.on('message', (data: { id: string; method: string; params: unknown[] }, socket: unknown) => {
          if (data.method === 'register') {
            office.server.emit(socket, 'message', { id: 'identity-box.box-office', response: { method: 'register-response', params: data.params } });
            resolve(data);
          }
        });
      });
    });
    office.server.start();

    const lines: string[] = [];
    const service = runBackupService({ backupRoot: join(root, 'data'), socketRoot: sockets, log: (l) => lines.push(l) });
    try {
      expect(await registered).toEqual({ id: 'identity-box', method: 'register', params: [{ servicePath: 'identity-box.backup-service' }] });
      await new Promise((r) => setTimeout(r, 200));
      expect(lines).toContain('registration successful');
      // The box-office forwards a request to the service's own socket.
      const reply = await new Promise<{ id: string; response: { method: string; params: { count: number }[] } }>((resolve) => {
        office.connectTo('backup-service', () => {
          const to = office.of['backup-service']!;
          // The box-office's ServiceProxy forwards the whole request with id 'identity-box'.
          to.on('connect', () => to.emit('message', { id: 'identity-box', servicePath: 'identity-box.backup-service', method: 'backup-status' }));
          to.on('message', (msg: never) => resolve(msg));
        });
      });
      expect(reply.id).toBe('identity-box.backup-service');
      expect(reply.response.method).toBe('backup-status-response');
      expect(reply.response.params[0]!.count).toBe(1);
      expect(seeded.backupId).toHaveLength(86);
    } finally {
      service.stop();
      office.disconnect('backup-service');
      office.server.stop();
    }
  });
});
