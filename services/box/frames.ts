/**
 * Follows the bytes a WebSocket client receives (the HTTP upgrade answer, then server frames,
 * RFC 6455 §5.2) just far enough to know how long the frame now arriving is and how much of it
 * is in. A box's reply is one frame: its header gives the reply's size before the reply is
 * complete, so progress can show a total instead of an unknown while a slow box sends it.
 * Bounded: it keeps at most a frame header and the end of the HTTP head.
 */
export interface FrameProgress {
  /** Payload bytes of the current frame received so far. */
  received: number;
  /** The current frame's payload length. */
  length: number;
}

export function createFrameWatcher(onFrame: (progress: FrameProgress) => void) {
  let inHead = true;
  let headTail = '';
  let header: number[] = [];
  let remaining = 0;
  let current: FrameProgress | null = null;

  function headerLength(): number | null {
    if (header.length < 2) return null;
    const len7 = header[1]! & 0x7f;
    const mask = header[1]! & 0x80 ? 4 : 0;
    const ext = len7 === 126 ? 2 : len7 === 127 ? 8 : 0;
    return 2 + ext + mask;
  }

  function payloadLength(): number {
    const len7 = header[1]! & 0x7f;
    if (len7 < 126) return len7;
    if (len7 === 126) return (header[2]! << 8) | header[3]!;
    let n = 0;
    for (let i = 2; i < 10; i++) n = n * 256 + header[i]!;
    return n;
  }

  return (chunk: Buffer) => {
    let at = 0;
    if (inHead) {
      const text = headTail + chunk.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end === -1) {
        headTail = text.slice(-3);
        return;
      }
      inHead = false;
      at = end + 4 - headTail.length;
      headTail = '';
    }
    while (at < chunk.length) {
      if (remaining === 0) {
        header.push(chunk[at]!);
        at += 1;
        const need = headerLength();
        if (need !== null && header.length === need) {
          remaining = payloadLength();
          current = { received: 0, length: remaining };
          header = [];
          if (remaining === 0) onFrame(current);
        }
        continue;
      }
      const take = Math.min(remaining, chunk.length - at);
      remaining -= take;
      at += take;
      current!.received += take;
      onFrame({ ...current! });
    }
  };
}
