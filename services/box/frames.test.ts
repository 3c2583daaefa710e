import { describe, expect, it } from 'vitest';
import { createFrameWatcher, type FrameProgress } from './frames';

const head = Buffer.from('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n', 'latin1');

function frame(payload: number): Buffer {
  const body = Buffer.alloc(payload, 0x61);
  if (payload < 126) return Buffer.concat([Buffer.from([0x81, payload]), body]);
  if (payload < 65536) return Buffer.concat([Buffer.from([0x81, 126, payload >> 8, payload & 0xff]), body]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64BE(BigInt(payload));
  return Buffer.concat([Buffer.from([0x81, 127]), len, body]);
}

function feedInPieces(data: Buffer, size: number): FrameProgress[] {
  const seen: FrameProgress[] = [];
  const watch = createFrameWatcher((p) => seen.push(p));
  for (let i = 0; i < data.length; i += size) watch(data.subarray(i, i + size));
  return seen;
}

describe('frame watcher', () => {
  it('knows the length of a long frame from its header, before the frame is in', () => {
    const seen = feedInPieces(Buffer.concat([head, frame(3), frame(70_000)]), 1000);
    const big = seen.filter((p) => p.length === 70_000);
    expect(big[0]!.received).toBeLessThan(70_000);
    expect(big.at(-1)).toEqual({ received: 70_000, length: 70_000 });
    expect(big.map((p) => p.received)).toEqual([...big.map((p) => p.received)].sort((a, b) => a - b));
  });

  it('reads 16-bit and 64-bit lengths even when a header is split across packets', () => {
    for (const size of [1, 2, 3, 7]) {
      const seen = feedInPieces(Buffer.concat([head, frame(300), frame(10)]), size);
      expect(seen.filter((p) => p.received === p.length).map((p) => p.length)).toEqual([300, 10]);
    }
  });

  it('ignores an HTTP head split right inside its blank line', () => {
    const data = Buffer.concat([head, frame(200)]);
    const cut = head.length - 2;
    const seen: FrameProgress[] = [];
    const watch = createFrameWatcher((p) => seen.push(p));
    watch(data.subarray(0, cut));
    watch(data.subarray(cut));
    expect(seen.at(-1)).toEqual({ received: 200, length: 200 });
  });
});
