import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_MESSAGE_JSON, type Chunk, type FileEntry } from '../../shared/box-protocol';
import { chunksOf, planImport } from '../../services/box/import-plan';
import { createBackupService } from './service';

const root = mkdtempSync(join(tmpdir(), 'idbox-svc-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const ID = 'A'.repeat(86);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

type Page = { files: FileEntry[]; chunks: Chunk[]; next: string | null };

describe('backup-service export', () => {
  it('pages a large backup within the message budget and hashes each file once, not once per call', async () => {
    const data = join(root, 'export');
    const folder = join(data, ID);
    mkdirSync(join(folder, 'did-docs'), { recursive: true });
    const big = randomBytes(2_500_000);
    writeFileSync(join(folder, 'backup'), big);
    writeFileSync(join(folder, 'key.pem'), 'pem');
    writeFileSync(join(folder, 'did-docs', 'Qm1234567890'), '');
    const hashed: string[] = [];
    const service = createBackupService({ root: data, onHash: (p) => hashed.push(p) });
    const got = new Map<string, Buffer>();
    let cursor: string | null = null;
    let calls = 0;
    do {
      const reply = await service.handle('export-backup', [{ backupId: ID, cursor }]);
      expect(reply.method).toBe('export-backup-response');
      expect(JSON.stringify(reply).length).toBeLessThanOrEqual(MAX_MESSAGE_JSON);
      const page = reply.params![0] as Page;
      for (const c of page.chunks) {
        const prev = got.get(c.path) ?? Buffer.alloc(0);
        expect(c.offset).toBe(prev.length);
        got.set(c.path, Buffer.concat([prev, Buffer.from(c.contentBase64, 'base64')]));
      }
      cursor = page.next;
      calls++;
    } while (cursor);
    expect(got.get('backup')!.equals(big)).toBe(true);
    expect(got.get('did-docs/Qm1234567890')!.length).toBe(0);
    // 2.5 MB in messages of 400,000 characters: about 8 calls, each nearly full.
    expect(calls).toBeGreaterThanOrEqual(7);
    expect(calls).toBeLessThanOrEqual(9);
    expect(hashed.sort()).toEqual(['backup', 'did-docs/Qm1234567890', 'key.pem']);

    // A changed file is hashed again (the cache keys on size, mtime and inode).
    writeFileSync(join(folder, 'key.pem'), 'pem2');
    await service.handle('export-backup', [{ backupId: ID }]);
    expect(hashed.filter((p) => p === 'key.pem')).toHaveLength(2);
  });

  it('backup-digest shares the export\'s hashes: a pull asks for the size first, then downloads, and no file is hashed twice', async () => {
    const data = join(root, 'digest-shared');
    mkdirSync(join(data, ID, 'did-docs'), { recursive: true });
    writeFileSync(join(data, ID, 'backup'), randomBytes(300_000));
    writeFileSync(join(data, ID, 'key.pem'), 'pem');
    const hashed: string[] = [];
    const service = createBackupService({ root: data, onHash: (p) => hashed.push(p) });
    const digest = await service.handle('backup-digest', [{ backupId: ID }]);
    expect(digest.params![0]).toMatchObject({ files: 2, bytes: 300_003 });
    let cursor: string | null = null;
    do {
      const reply = await service.handle('export-backup', [{ backupId: ID, cursor }]);
      cursor = (reply.params![0] as Page).next;
    } while (cursor);
    expect(hashed.sort()).toEqual(['backup', 'key.pem']);
    // A file changed after the digest is seen by the next digest.
    writeFileSync(join(data, ID, 'key.pem'), 'pem, changed');
    expect((await service.handle('backup-digest', [{ backupId: ID }])).params![0]).toMatchObject({ bytes: 300_012 });
  });

  it('formatVersion 2: the file list comes in the first reply only, and a file added mid-download stops it (ask again)', async () => {
    const data = join(root, 'list-once');
    const folder = join(data, ID);
    mkdirSync(join(folder, 'did-docs'), { recursive: true });
    writeFileSync(join(folder, 'backup'), randomBytes(1_000_000));
    for (let i = 0; i < 50; i++) writeFileSync(join(folder, 'did-docs', `Qm${String(i).padStart(10, '0')}`), randomBytes(2000));
    const service = createBackupService({ root: data });
    const pages: Page[] = [];
    let cursor: string | null = null;
    do {
      const reply = await service.handle('export-backup', [{ backupId: ID, cursor, formatVersion: 2 }]);
      pages.push(reply.params![0] as Page);
      cursor = pages.at(-1)!.next;
    } while (cursor);
    expect(pages.length).toBeGreaterThan(2);
    expect(pages[0]!.files).toHaveLength(51);
    expect(pages.slice(1).every((p) => p.files === undefined)).toBe(true);

    const first = (await service.handle('export-backup', [{ backupId: ID, formatVersion: 2 }])).params![0] as Page;
    writeFileSync(join(folder, 'did-docs', 'Qm9999999999'), 'new');
    const next = await service.handle('export-backup', [{ backupId: ID, cursor: first.next, formatVersion: 2 }]);
    expect(next).toMatchObject({ method: 'export-backup-error', params: [{ message: expect.stringMatching(/changed while it was being read/) }] });
  });

  it('at start: stages of an earlier run are removed, a copy a 1.1 replace left aside is kept (never deleted)', async () => {
    const data = join(root, 'at-start');
    mkdirSync(join(data, '.import-oldstage1', 'did-docs'), { recursive: true });
    writeFileSync(join(data, '.import-oldstage1', 'backup'), 'half');
    mkdirSync(join(data, '.replaced-upload123'), { recursive: true });
    writeFileSync(join(data, '.replaced-upload123', 'backup'), 'the only copy');
    const service = createBackupService({ root: data });
    expect((await service.handle('backup-status', [])).params![0]).toMatchObject({ count: 0 });
    expect(readdirSync(data).sort()).toEqual(['.versions']);
    const [kept] = readdirSync(join(data, '.versions', '.unclaimed'));
    expect(readFileSync(join(data, '.versions', '.unclaimed', kept!, 'backup'), 'utf8')).toBe('the only copy');
  });

  it('refuses a cursor past the end, since a forged cursor must not read outside the files', async () => {
    const service = createBackupService({ root: join(root, 'export') });
    const cursor = Buffer.from(JSON.stringify({ i: 0, o: 99_000_000 })).toString('base64url');
    const reply = await service.handle('export-backup', [{ backupId: ID, cursor }]);
    expect(reply).toEqual({ method: 'export-backup-error', params: [{ message: 'invalid cursor' }] });
  });
});

describe('backup-service import', () => {
  const manyFiles = (n: number) => {
    const contents = new Map<string, Buffer>([['backup', randomBytes(700_000)]]);
    for (let i = 0; i < n; i++) contents.set(`did-docs/Qm${String(i).padStart(44, '0')}`, randomBytes(200));
    const files = [...contents].map(([path, d]) => ({ path, size: d.length, sha256: sha(d) })).sort((a, b) => a.path.localeCompare(b.path));
    return { contents, files };
  };

  async function upload(data: string, contents: Map<string, Buffer>, files: FileEntry[]) {
    const service = createBackupService({ root: data });
    const { calls, needsListOnce } = planImport(ID, files);
    let uploadId: string | undefined;
    let last: unknown;
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i]!;
      const request = { backupId: ID, ...(call.files ? { files: call.files } : {}), ...(call.moreFiles ? { moreFiles: true } : {}), chunks: chunksOf(call, contents), final: i === calls.length - 1, ...(uploadId ? { uploadId } : {}) };
      const message = { servicePath: 'identity-box.backup-service', method: 'import-backup', params: [request] };
      expect(JSON.stringify(message).length).toBeLessThanOrEqual(MAX_MESSAGE_JSON);
      const reply = await service.handle('import-backup', [request]);
      expect(reply.method).toBe('import-backup-response');
      last = reply.params![0];
      uploadId = (last as { uploadId?: string }).uploadId ?? uploadId;
    }
    return { last, calls: calls.length, needsListOnce };
  }

  it('takes 1,500 files with every message under the budget, the list sent once in parts', async () => {
    const data = join(root, 'import-many');
    const { contents, files } = manyFiles(1_500);
    const result = await upload(data, contents, files);
    expect(result.needsListOnce).toBe(true);
    expect(result.last).toEqual({ backupId: ID, written: 1_501 });
    expect(readdirSync(join(data, ID, 'did-docs'))).toHaveLength(1_500);
    expect(readFileSync(join(data, ID, 'backup')).equals(contents.get('backup')!)).toBe(true);
  });

  it('keeps a short list in every call, as a 1.0 service expects', async () => {
    const { contents, files } = manyFiles(20);
    const plan = planImport(ID, files);
    expect(plan.needsListOnce).toBe(false);
    expect(plan.calls.every((c) => c.files === files)).toBe(true);
    const result = await upload(join(root, 'import-few'), contents, files);
    expect(result.last).toEqual({ backupId: ID, written: 21 });
  });

  it('refuses a final call before the whole list arrived, since the box must not commit half a backup', async () => {
    const service = createBackupService({ root: join(root, 'import-early') });
    const { files } = manyFiles(2);
    const first = await service.handle('import-backup', [{ backupId: ID, files: files.slice(0, 1), moreFiles: true, chunks: [], final: false }]);
    const { uploadId } = first.params![0] as { uploadId: string };
    const reply = await service.handle('import-backup', [{ backupId: ID, files: files.slice(1), moreFiles: true, chunks: [], final: true, uploadId }]);
    expect(reply.method).toBe('import-backup-error');
    expect(readdirSync(join(root, 'import-early')).filter((n) => !n.startsWith('.'))).toEqual([]);
  });
});
