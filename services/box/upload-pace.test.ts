import { describe, expect, it } from 'vitest';
import { MAX_MESSAGE_JSON, type FileEntry } from '../../shared/box-protocol';
import { planImport } from './import-plan';
import { callsToMerge, createLinkEstimate, mergeCalls, mostPerCall, UNIT } from './upload-pace';

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

describe('the link estimate behind the pacing', () => {
  /** A link where every call costs `cost` seconds plus its bytes at `rate`. */
  const simulate = (cost: number, rate: number, calls: number, files: FileEntry[]) => {
    const plan = planImport(id, files, { maxContent: UNIT });
    const most = mostPerCall(planImport(id, files).calls);
    const link = createLinkEstimate();
    let seconds = 0;
    let bytes = 0;
    let sent = 0;
    for (let next = 0; next < plan.calls.length && sent < calls; sent++) {
      const merged = mergeCalls(plan.calls, next, link.nextCount(0, most), plan.needsListOnce, 0);
      next = merged.next;
      const c = content(merged.call.slices);
      const t = cost + c / rate;
      link.observe(c, t);
      seconds += t;
      bytes += c;
    }
    return { efficiency: bytes / rate / seconds, estimate: link.get() };
  };
  const big = [file('backup', 2_000_000)];

  it('learns a slow link\'s fixed cost per call, so most of the time goes to the backup, not to calls (the old pacing got a quarter to a half)', () => {
    // 12.5 KB/s of content (a 40 KB/s link) and 1 s per call for the session and the reply.
    const { efficiency, estimate } = simulate(1, 12_500, 30, big);
    expect(estimate.overheadSeconds).toBeCloseTo(1, 1);
    expect(estimate.rate!).toBeCloseTo(12_500, -2);
    expect(efficiency).toBeGreaterThan(0.7);
    // Without the fixed cost in the model the same link settles near half (the old pacing).
    let rate: number | null = null;
    let t = 0;
    let b = 0;
    for (let i = 0; i < 30; i++) {
      const c: number = Math.min(callsToMerge(rate, 0, 1000), 1000) * UNIT;
      const s = 1 + c / 12_500;
      rate = c / s;
      t += s;
      b += c;
    }
    expect(b / 12_500 / t).toBeLessThan(0.6);
  });

  it('keeps each call within a few seconds on a slow link, so progress moves and a cancel is quick', () => {
    const plan = planImport(id, big, { maxContent: UNIT });
    const most = mostPerCall(planImport(id, big).calls);
    const link = createLinkEstimate();
    for (const [c, s] of [[4096, 1.33], [6144, 1.49], [40_000, 4.2]] as const) link.observe(c, s);
    const { rate, overheadSeconds } = link.get();
    const count = callsToMerge(rate, 0, most, overheadSeconds);
    expect(count * UNIT / rate! + overheadSeconds).toBeLessThanOrEqual(8.5);
    expect(plan.calls.length).toBeGreaterThan(count);
  });

  it('on a fast link still sends the largest calls the message limit allows', () => {
    const { estimate } = simulate(0.004, 80_000_000, 6, big);
    const most = mostPerCall(planImport(id, big).calls);
    expect(callsToMerge(estimate.rate, 0, most, estimate.overheadSeconds)).toBe(most);
  });

  it('does not believe a fit that says calls cost nothing or more than they took', () => {
    const link = createLinkEstimate();
    link.observe(4096, 0.5);
    link.observe(40_000, 0.4); // a larger call that was quicker: noise, no fixed cost learnt from it
    expect(link.get()).toEqual({ rate: 44_096 / 0.9, overheadSeconds: 0, fitted: false });
    const steep = createLinkEstimate();
    steep.observe(4096, 3);
    steep.observe(40_000, 3.1); // nearly all fixed cost: capped at most of the shortest call
    expect(steep.get().overheadSeconds).toBeCloseTo(2.4, 6);
  });

  it('doubles the calls while it cannot tell the fixed cost from the rate, instead of staying at the smallest', () => {
    const link = createLinkEstimate();
    expect(link.nextCount(0, 100)).toBe(1);
    link.observe(4096, 1.33); // 1 s of fixed cost on a 12.5 KB/s link: bytes over time says 3 KB/s
    expect(link.nextCount(0, 100)).toBe(2);
  });
});
