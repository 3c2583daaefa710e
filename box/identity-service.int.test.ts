import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS, rendezvousRequest } from '../services/box/session';
import { encodeBase64url } from '../shared/base64url';
import { IDENTITY_SERVICE } from '../shared/box-protocol';
import { generateKeyPair } from '../shared/envelope';
import { folderSnapshot } from '../tests/helpers/assert';
import { startReferenceBox, type ReferenceBox } from './reference-box';
import { seedBackup, type SeededBackup } from './seed';

// The demo box runs on the owner's computer: no request may write outside its folder, and no web
// page may talk to it.
let box: ReferenceBox;
let root: string;
let data: string;
let seeded: SeededBackup;
beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'idbox-ids-'));
  data = join(root, 'box');
  mkdirSync(data);
  seeded = await seedBackup(data, { identities: 1, fastKeys: true });
  box = await startReferenceBox({ dataDir: data });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

const backup = (identityNames: string[]) =>
  rendezvousRequest(box.url, { servicePath: IDENTITY_SERVICE, method: 'backup', params: [{ encryptedBackup: 'abc', backupId: seeded.backupId, identityNames }] }, { timeouts: DEFAULT_TIMEOUTS });

describe('identity-service backup names (defect 6)', () => {
  it.each([['../../outside'], ['../escape'], ['/tmp/absolute'], ['a/b'], ['..'], ['.hidden'], ['back\\slash'], ['nul\u0000byte'], [''], ['x'.repeat(300)]])(
    '%j is refused before anything is deleted or written',
    async (name) => {
      const before = folderSnapshot(data);
      const reply = await backup(['1571676385721O3etAS4D5X6Yuw', name]);
      expect(reply.method).toBe('backup-error');
      expect(folderSnapshot(data)).toEqual(before);
      expect(readdirSync(root).sort()).toEqual(['box']);
      expect(existsSync('/tmp/absolute.pem')).toBe(false);
    },
  );

  it('box key names and legacy display names are written as <name>.pem', async () => {
    const reply = await backup(['self', '1571676385721O3etAS4D5X6Yuw', 'Personal (old)', "Zoë's phone", '山田 太郎']);
    expect(reply.method).toBe('backup-response');
    expect(readdirSync(join(data, seeded.backupId)).sort()).toEqual(['1571676385721O3etAS4D5X6Yuw.pem', 'Personal (old).pem', "Zoë's phone.pem", 'backup', 'did-docs', '山田 太郎.pem'].sort());
  });
});

describe('the rendezvous refuses browser pages (defect 6)', () => {
  const connects = (origin?: string) =>
    new Promise<boolean>((resolve) => {
      const socket = io(`${box.url}/${encodeBase64url(generateKeyPair().publicKey)}`, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        ...(origin ? { extraHeaders: { origin } } : {}),
      });
      socket.on('publicKey', () => {
        socket.disconnect();
        resolve(true);
      });
      socket.on('connect_error', () => resolve(false));
    });

  it('a connection with any Origin is refused; one without (as box clients send) works', async () => {
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1:5173', box.url]) expect(await connects(origin), origin).toBe(false);
    expect(await connects()).toBe(true);
    expect(box.violations.filter((v) => v.includes('browser page'))).toHaveLength(4);
  });
});
