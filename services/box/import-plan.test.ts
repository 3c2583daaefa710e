import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { BACKUP_SERVICE, MAX_MESSAGE_JSON, type FileEntry } from '../../shared/box-protocol';
import { chunksOf, planImport } from './import-plan';

describe('an upload of key files named in another script', () => {
  it('keeps every whole request under the limit in UTF-8 bytes, which the envelope seals, not in characters', () => {
    const pem = Buffer.alloc(1900, 65);
    const sha256 = createHash('sha256').update(pem).digest('hex');
    const contents = new Map<string, Uint8Array>();
    const files: FileEntry[] = [];
    for (let i = 0; i < 900; i++) {
      const path = `${'山'.repeat(80)}${i}.pem`; // 240+ bytes, 83 characters
      contents.set(path, pem);
      files.push({ path, size: pem.length, sha256 });
    }
    const { calls } = planImport('B'.repeat(86), files);
    for (const call of calls) {
      const message = { servicePath: BACKUP_SERVICE, method: 'import-backup', params: [{ backupId: 'B'.repeat(86), ...(call.files ? { files: call.files } : {}), ...(call.moreFiles ? { moreFiles: true } : {}), chunks: chunksOf(call, contents), uploadId: 'u'.repeat(16), final: false }] };
      expect(Buffer.byteLength(JSON.stringify(message), 'utf8')).toBeLessThanOrEqual(MAX_MESSAGE_JSON);
    }
  });
});
