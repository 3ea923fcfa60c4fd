/**
 * The key Alice's per-address limits (server.ts: the connection rate and `maxPerAddress`) count
 * a client under.
 *
 * An IPv4 address is one key. An IPv6 client is keyed by its /64 prefix: a /64 is the smallest
 * block a site is routed (RFC 4291 §2.5.4, RFC 6177 assigns /48 … /64 per site), and any host
 * in it picks its own interface identifiers freely (SLAAC privacy addresses, RFC 8981), so
 * keying whole addresses would give one host 2^64 keys and make both limits void. An
 * IPv4-mapped address (::ffff:a.b.c.d, how a dual-stack socket reports an IPv4 peer), and the
 * other forms that carry an IPv4 client (embedsIpv4), are keyed as that IPv4 address.
 */
import { isIPv4, isIPv6 } from 'node:net';

/** The eight 16-bit groups of an IPv6 address (zone index dropped), or null if it is not one. */
export function ipv6Groups(addr: string): number[] | null {
  const a = addr.replace(/%.*$/, '');
  if (!isIPv6(a)) return null;
  // A dotted IPv4 tail (::ffff:1.2.3.4) is the last two groups written in decimal.
  const s = a.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)$/, (_, b0, b1, b2, b3) =>
    `${((+b0 << 8) | +b1).toString(16)}:${((+b2 << 8) | +b3).toString(16)}`,
  );
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((h) => parseInt(h, 16)));
  const [head, rest] = s.includes('::') ? s.split('::') : [s, undefined];
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const fill = 8 - left.length - right.length;
  if (fill < 0 || (rest === undefined && fill !== 0)) return null;
  return [...left, ...new Array<number>(fill).fill(0), ...right];
}

/**
 * Whether the address carries an IPv4 client in its last 32 bits: IPv4-mapped (::ffff:0:0/96,
 * RFC 4291 §2.5.5.2), SIIT-translated (::ffff:0:0:0/96, RFC 7915 §2.1), NAT64's well-known
 * prefix (64:ff9b::/96, RFC 6052 §2.1) or the deprecated IPv4-compatible form (::/96 less
 * :: and ::1). Behind a translator every IPv4 client shares the translator's prefix, so keying
 * its /64 would put them all under one limit.
 */
function embedsIpv4(g: number[]): boolean {
  const zeros = (a: number, b: number) => g.slice(a, b).every((x) => x === 0);
  if (zeros(0, 5) && g[5] === 0xffff) return true;
  if (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) return true;
  if (g[0] === 0x64 && g[1] === 0xff9b && zeros(2, 6)) return true;
  return zeros(0, 6) && g[6] !== 0;
}

/**
 * The key for a remote address: an IPv4 address (also one embedded in IPv6, embedsIpv4), an
 * IPv6 /64 written `p:p:p:p::/64` (a link-local one with its zone, `fe80:0:0:0::/64%eth0`: the
 * same prefix on two links is two networks), or the text itself.
 */
export function addressKey(addr: string): string {
  if (isIPv4(addr)) return addr;
  const g = ipv6Groups(addr);
  if (!g) return addr;
  if (embedsIpv4(g)) return [g[6] >> 8, g[6] & 255, g[7] >> 8, g[7] & 255].join('.');
  const zone = (g[0] & 0xffc0) === 0xfe80 ? /%.*$/.exec(addr)?.[0] ?? '' : '';
  return `${g.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64${zone}`;
}
