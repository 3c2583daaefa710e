import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FileEntry } from '../../shared/box-protocol';
import { createBackupService } from './service';

const root = mkdtempSync(join(tmpdir(), 'idbox-svc-names-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ID = 'N'.repeat(86);

function folderWith(name: string, extra: (folder: string) => void) {
  const data = join(root, name);
  const folder = join(data, ID);
  mkdirSync(join(folder, 'did-docs'), { recursive: true });
  writeFileSync(join(folder, 'backup'), 'AAAA');
  writeFileSync(join(folder, '1571676385721O3etAS4D5X6Yuw.pem'), 'pem');
  extra(folder);
  return data;
}

describe('backup-service names', () => {
  it('export-backup, backup-digest and import-backup carry key files named after display names', async () => {
    const names = ["Zoë's phone.pem", '山田 太郎.pem', '📱 Tel.pem', 'Renée, Work.pem'];
    const data = folderWith('legacy', (f) => {
      for (const n of names) writeFileSync(join(f, n), n);
      writeFileSync(join(f, 'did-docs', 'QmAbc'), '{}');
    });
    const service = createBackupService({ root: data });
    const reply = await service.handle('export-backup', [{ backupId: ID }]);
    expect(reply.method).toBe('export-backup-response');
    const files = (reply.params![0] as { files: FileEntry[] }).files;
    for (const n of names) expect(files.map((f) => f.path)).toContain(n);
    const digest = await service.handle('backup-digest', [{ backupId: ID }]);
    expect(digest.params![0]).toMatchObject({ files: files.length });

    const other = 'O'.repeat(86);
    const content = Buffer.from("Zoë's key");
    const { createHash } = await import('node:crypto');
    const entry = { path: "Zoë's phone.pem", size: content.length, sha256: createHash('sha256').update(content).digest('hex') };
    const bundle = { path: 'backup', size: 4, sha256: createHash('sha256').update('AAAA').digest('hex') };
    const imported = await service.handle('import-backup', [
      { backupId: other, files: [bundle, entry], chunks: [{ path: 'backup', offset: 0, contentBase64: Buffer.from('AAAA').toString('base64') }, { path: entry.path, offset: 0, contentBase64: content.toString('base64') }], final: true },
    ]);
    expect(imported.method).toBe('import-backup-response');
  });

  it('a key file whose name is not one safe path component is never skipped in silence: both calls say so', async () => {
    const data = folderWith('unsafe', (f) => {
      writeFileSync(join(f, 'tab\there.pem'), 'pem');
      writeFileSync(Buffer.from([...Buffer.from(join(f, 'bad')), 0xff, ...Buffer.from('.pem')]), 'pem');
    });
    const service = createBackupService({ root: data });
    for (const method of ['export-backup', 'backup-digest']) {
      const reply = await service.handle(method, [{ backupId: ID }]);
      expect(reply.method).toBe(`${method}-error`);
      expect((reply.params![0] as { message: string }).message).toMatch(/^2 files in your box's backup could not be copied because a name is not allowed/);
    }
  });
});
