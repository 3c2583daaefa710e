import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Encoder, PacketType } from 'socket.io-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReferenceBox, type ReferenceBox } from '../../box/reference-box';
import { seedBackup, type SeededBackup } from '../../box/seed';
import { folderSnapshot } from '../../tests/helpers/assert';
import { setQuiet } from '../log';
import { createBoxClient } from './client';

/**
 * The real box's rendezvous reads what socket.io-client sends. The client now writes its request
 * frames itself (./send-frame.ts, to spare an upload's text passes): every frame must be, byte for
 * byte, the packet socket.io-client's own encoder makes of `emit('message', envelope)`.
 */
setQuiet(true);
const root = mkdtempSync(join(tmpdir(), 'idbox-send-frame-'));
let box: ReferenceBox;
let seeded: SeededBackup;
beforeAll(async () => {
  seeded = await seedBackup(join(root, 'box'), { identities: 2, fastKeys: true });
  box = await startReferenceBox({ dataDir: join(root, 'target') });
});
afterAll(async () => {
  await box.close();
  rmSync(root, { recursive: true, force: true });
});

describe('request frames as socket.io-client writes them', () => {
  it('an upload of 3 MB: every request frame is the standard encoder\'s packet, and the box gets the backup byte for byte', async () => {
    const frames: string[] = [];
    box.io.engine.on('connection', (conn: { on(event: 'packet', listener: (p: { type: string; data?: unknown }) => void): void }) =>
      conn.on('packet', (p) => {
        if (p.type === 'message' && typeof p.data === 'string' && p.data.includes('["message"')) frames.push(p.data);
      }),
    );
    const contents = new Map<string, Buffer>([
      ['backup', Buffer.from(randomBytes(2_250_000).toString('base64url'))],
      ['did-docs/x', Buffer.from('{}')],
    ]);
    await createBoxClient(box.url).importBackup(seeded.backupId, contents);
    expect(frames.length).toBeGreaterThan(3);
    const encoder = new Encoder();
    for (const frame of frames) {
      const nsp = frame.slice(1, frame.indexOf(','));
      const data = JSON.parse(frame.slice(frame.indexOf(',') + 1)) as [string, string];
      expect(encoder.encode({ type: PacketType.EVENT, nsp, data })).toEqual([frame]);
    }
    const stored = folderSnapshot(join(root, 'target', seeded.backupId));
    expect(Buffer.from(stored.backup!, 'base64')).toEqual(contents.get('backup'));
  });
});
