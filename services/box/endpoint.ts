import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { normalizeBoxUrl } from './url';

/**
 * What a box is, for the box lock: the IP address and port its name resolves to, so
 * "localhost:3100", "127.0.0.1:3100" and a name that resolves to the same address are one box.
 * A name that resolves to several addresses takes its lowest IPv4 one (IPv6 when it has none), so
 * every program picks the same. A name that does not resolve keys by the name itself (the request
 * then fails as unreachable anyway). Resolutions are remembered for a minute in this process.
 */
const REMEMBER_MS = 60_000;
const LOOKUP_MS = 5_000;
const resolved = new Map<string, { at: number; ip: string }>();

/** An IP in one spelling: IPv4-mapped IPv6 as IPv4, IPv6 lower case (URL already compresses it). */
function canonicalIp(ip: string): string {
  const dotted = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (dotted) return dotted[1]!;
  // The URL parser writes ::ffff:127.0.0.1 as ::ffff:7f00:1.
  const hex = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(ip);
  if (hex) {
    const [hi, lo] = [Number.parseInt(hex[1]!, 16), Number.parseInt(hex[2]!, 16)];
    return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
  }
  return ip.toLowerCase();
}

function pick(addresses: { address: string; family: number }[]): string | null {
  const ips = addresses.map((a) => canonicalIp(a.address));
  const v4 = ips.filter((ip) => isIP(ip) === 4).sort();
  const v6 = ips.filter((ip) => isIP(ip) === 6).sort();
  return v4[0] ?? v6[0] ?? null;
}

async function resolveHost(host: string): Promise<string> {
  if (isIP(host)) return canonicalIp(host);
  const known = resolved.get(host);
  if (known && Date.now() - known.at < REMEMBER_MS) return known.ip;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), LOOKUP_MS)));
  const addresses = await Promise.race([lookup(host, { all: true }).catch(() => null), deadline]).finally(() => clearTimeout(timer));
  const ip = addresses ? pick(addresses) : null;
  if (!ip) return `name:${host}`;
  resolved.set(host, { at: Date.now(), ip });
  return ip;
}

/** "ip:port" (or "name:host:port" when the name does not resolve) for a box address as typed. */
export async function boxEndpoint(boxUrl: string): Promise<string> {
  const url = new URL(normalizeBoxUrl(boxUrl));
  const port = url.port || (url.protocol === 'https:' ? '443' : '80');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return `${await resolveHost(host)}:${port}`;
}
