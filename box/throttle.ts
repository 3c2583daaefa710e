import { createConnection, createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { Transform, type TransformCallback } from 'node:stream';

/**
 * A slow link in front of a server: a TCP proxy on loopback that passes every byte, in both
 * directions, at no more than `bytesPerSecond`, in small slices so the far side sees a steady
 * trickle (as on a weak Wi-Fi) rather than pauses and bursts. Used by the reference box's
 * throttle mode so tests and people can watch progress, rate and cancel on a slow box.
 */
export interface ThrottleProxy {
  port: number;
  /** A link that changes speed: every open connection and every new one, from now on. */
  setRate(bytesPerSecond: number): void;
  close(): Promise<void>;
}

/** Passes chunks on at a fixed rate; backpressure holds the sender while a slice waits. */
export class RateLimit extends Transform {
  private slice = 64;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private bytesPerSecond: number) {
    super({ highWaterMark: 4096 });
    this.setRate(bytesPerSecond);
  }

  setRate(bytesPerSecond: number): void {
    this.bytesPerSecond = bytesPerSecond;
    // Twenty slices a second: smooth enough for progress, few enough timers.
    this.slice = Math.max(64, Math.floor(bytesPerSecond / 20));
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    let at = 0;
    const step = () => {
      this.timer = null;
      if (this.destroyed) return;
      if (at >= chunk.length) return done();
      const n = Math.min(this.slice, chunk.length - at);
      this.push(chunk.subarray(at, at + n));
      at += n;
      this.timer = setTimeout(step, (n / this.bytesPerSecond) * 1000);
    };
    step();
  }

  override _destroy(err: Error | null, done: (error?: Error | null) => void): void {
    if (this.timer) clearTimeout(this.timer);
    done(err);
  }
}

export async function startThrottleProxy(
  target: { host: string; port: number },
  listen: { host: string; port: number },
  bytesPerSecond: number,
): Promise<ThrottleProxy> {
  if (!(bytesPerSecond > 0)) throw new Error('the throttle needs a rate above zero');
  const open = new Set<Socket>();
  const limits = new Set<RateLimit>();
  let rate = bytesPerSecond;
  const server = createServer((client) => {
    const upstream = createConnection({ host: target.host, port: target.port });
    open.add(client);
    open.add(upstream);
    const up = new RateLimit(rate);
    const down = new RateLimit(rate);
    limits.add(up);
    limits.add(down);
    const end = () => {
      for (const s of [client, upstream, up, down]) s.destroy();
      open.delete(client);
      open.delete(upstream);
      limits.delete(up);
      limits.delete(down);
    };
    for (const s of [client, upstream, up, down]) {
      s.on('error', end);
      s.on('close', end);
    }
    client.pipe(up).pipe(upstream);
    upstream.pipe(down).pipe(client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    setRate: (bytes: number) => {
      if (!(bytes > 0)) throw new Error('the throttle needs a rate above zero');
      rate = bytes;
      for (const limit of limits) limit.setRate(bytes);
    },
    close: async () => {
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
