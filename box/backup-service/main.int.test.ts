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
        office.server.on('message', (data: { method: string; params: unknown[] }, socket: unknown) => {
          if (data.method === 'register') {
            office.server.emit(socket, 'message', { method: 'register-response', params: data.params });
            resolve(data.params[0]);
          }
        });
      });
    });
    office.server.start();

    const service = runBackupService({ backupRoot: join(root, 'data'), socketRoot: sockets, log: () => {} });
    try {
      expect(await registered).toEqual({ servicePath: 'identity-box.backup-service' });
      // The box-office forwards a request to the service's own socket.
      const reply = await new Promise<{ id: string; response: { method: string; params: { count: number }[] } }>((resolve) => {
        office.connectTo('backup-service', () => {
          const to = office.of['backup-service']!;
          to.on('connect', () => to.emit('message', { method: 'backup-status' }));
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
