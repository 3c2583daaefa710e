import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startReferenceBox } from '../../box/reference-box';
import { setQuiet } from '../log';
import { createBoxClient } from './client';

setQuiet(true);
const data = mkdtempSync(join(tmpdir(), 'idbox-large-'));
afterAll(() => rmSync(data, { recursive: true, force: true }));

// The reference rendezvous drops any Socket.IO payload over 1 MB, as the real one does: a restore
// of 1,000+ files used to exceed it because every call repeated the whole file list.
describe('large backups through the rendezvous 1 MB limit', () => {
  it('restores 1,200 files and a 3 MB bundle, then reads every byte back', async () => {
    mkdirSync(data, { recursive: true });
    const box = await startReferenceBox({ dataDir: data });
    try {
      const client = createBoxClient(box.url);
      const id = 'B'.repeat(86);
      const contents = new Map<string, Buffer>([['backup', randomBytes(3_000_000)]]);
      for (let i = 0; i < 600; i++) {
        contents.set(`did-docs/Qm${String(i).padStart(44, '0')}`, randomBytes(300));
        contents.set(`key-${i}.pem`, randomBytes(250));
      }
      const progress: number[] = [];
      expect(await client.importBackup(id, contents, { onProgress: (d) => progress.push(d) })).toMatchObject({ written: 1_201 });
      expect(progress.at(-1)).toBe([...contents.values()].reduce((s, d) => s + d.length, 0));
      const back = await client.exportBackup(id);
      expect(back.files).toHaveLength(1_201);
      for (const [path, d] of contents) expect(back.contents.get(path)!.equals(d)).toBe(true);
      expect(readdirSync(join(data, id, 'did-docs'))).toHaveLength(600);
      expect(box.violations).toEqual([]);
    } finally {
      await box.close();
    }
  });
});
