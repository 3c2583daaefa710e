import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceBox } from '../../box/reference-box';
import { seedBackup } from '../../box/seed';
import { verifyArchive } from '../../services/archive/format';
import { createBoxClient } from '../../services/box/client';
import { folderSnapshot, captureIO } from '../../tests/helpers/assert';
import { main } from '../main';

const dir = mkdtempSync(join(tmpdir(), 'idbox-cli-versions-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('idbox box versions and idbox pull --version', () => {
  it('lists the copy a replace kept, and archives it byte for byte', async () => {
    process.env.IDBOX_DATA_DIR = join(dir, 'app');
    const data = join(dir, 'data');
    const seeded = await seedBackup(data, { identities: 2, fastKeys: true });
    const before = folderSnapshot(seeded.folder);
    const box = await startReferenceBox({ dataDir: data });
    try {
      // Something replaces the backup (here a junk one of one file).
      await createBoxClient(box.url).importBackup(seeded.backupId, new Map([['backup', Buffer.from('junk')]]), { replace: true });

      const listed = captureIO();
      expect(await main(['box', 'versions', '--box', box.url, '--backup-id', seeded.backupId, '--json'], listed.io)).toBe(0);
      const { versions } = JSON.parse(listed.out.join('')) as { versions: { version: number; files: number }[] };
      expect(versions).toEqual([expect.objectContaining({ version: 1, files: Object.keys(before).length })]);
      const text = captureIO();
      expect(await main(['box', 'versions', '--box', box.url, '--backup-id', seeded.backupId], text.io)).toBe(0);
      expect(text.out.join('\n')).toMatch(/idbox pull --box .* --version N/);

      const stick = join(dir, 'stick');
      mkdirSync(stick);
      const pulled = captureIO();
      expect(await main(['pull', '--box', box.url, '--backup-id', seeded.backupId, '--version', '1', '--to', stick, '--json'], pulled.io)).toBe(0);
      const archive = join(stick, readdirSync(stick).find((n) => n.endsWith('.idbox'))!);
      const read = await verifyArchive(archive, { keepContent: () => true });
      expect(Object.fromEntries(read.members.map((m) => [m.path, m.content!.toString('base64')]))).toEqual(before);

      const missing = captureIO();
      expect(await main(['pull', '--box', box.url, '--backup-id', seeded.backupId, '--version', '7', '--to', stick], missing.io)).not.toBe(0);
      expect(missing.err.join('\n')).toMatch(/does not keep a version 7/);
    } finally {
      await box.close();
      delete process.env.IDBOX_DATA_DIR;
    }
  });
});
