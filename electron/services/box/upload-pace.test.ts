import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_JSON, type FileEntry } from '../../../shared/box-protocol';
import { planImport } from './import-plan';
import { callsToMerge, mergeCalls, mostPerCall, UNIT } from './upload-pace';

const id = 'A'.repeat(86);
const file = (path: string, size: number): FileEntry => ({ path, size, sha256: 'a'.repeat(64) });
const content = (slices: { length: number }[]) => slices.reduce((s, c) => s + c.length, 0);

/** The request's JSON size when sent (content as base64, as chunksOf encodes it). */
function messageSize(call: { files?: FileEntry[]; moreFiles?: true; slices: { path: string; offset: number; length: number }[] }): number {
  const chunks = call.slices.map((s) => ({ path: s.path, offset: s.offset, contentBase64: 'x'.repeat(Math.ceil(s.length / 3) * 4) }));
  return JSON.stringify({ servicePath: 'identity-box.backup-service', method: 'import-backup', params: [{ backupId: id, files: call.files, chunks, final: false, uploadId: 'u'.repeat(16) }] }).length;
}

function sendAll(files: FileEntry[], rate: number | null) {
  const plan = planImport(id, files, { maxContent: UNIT });
  const most = mostPerCall(planImport(id, files).calls);
  const sent = [];
  for (let next = 0; next < plan.calls.length; ) {
    const merged = mergeCalls(plan.calls, next, callsToMerge(rate, 0, most), plan.needsListOnce, JSON.stringify(files).length);
    sent.push(merged.call);
    next = merged.next;
  }
  return sent;
}

describe('upload pacing', () => {
  const files = [file('backup', 1_200_000), file('a.pem', 2000), ...Array.from({ length: 30 }, (_, i) => file(`did-docs/${'d'.repeat(20)}${i}`, 3000))];

  it('on a slow link sends small calls, so progress moves every few seconds', () => {
    const sent = sendAll(files, 12_000); // about 40 KB/s on the wire
    expect(Math.max(...sent.map((c) => content(c.slices)))).toBeLessThanOrEqual(6 * UNIT);
    expect(sent.length).toBeGreaterThan(40);
  });

  it('on a fast link needs about as few calls as an unpaced upload, and no message passes the limit', () => {
    const unpaced = planImport(id, files).calls.length;
    const sent = sendAll(files, 50_000_000);
    expect(sent.length).toBeLessThanOrEqual(unpaced + 2);
    for (const call of sent) expect(messageSize(call)).toBeLessThan(MAX_MESSAGE_JSON);
  });

  it('carries every byte once, in order, whatever the pace', () => {
    for (const rate of [null, 5_000, 100_000, 1e9]) {
      const slices = sendAll(files, rate).flatMap((c) => c.slices);
      for (const f of files) {
        const mine = slices.filter((s) => s.path === f.path);
        let at = 0;
        for (const s of mine) {
          expect(s.offset).toBe(at);
          at += s.length;
        }
        expect(at).toBe(f.size);
      }
    }
  });

  it('never merges past the message limit, even with thousands of tiny files (their JSON costs more than their content)', () => {
    const many = Array.from({ length: 4000 }, (_, i) => file(`did-docs/${'d'.repeat(40)}${i}`, 100));
    const sent = sendAll(many, 1e9);
    for (const call of sent) expect(messageSize(call)).toBeLessThan(MAX_MESSAGE_JSON);
  });
});
