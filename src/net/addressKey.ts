/**
 * The key Alice's per-address limits (server.ts: the connection rate and `maxPerAddress`) count
 * a client under.
 *
 * An IPv4 address is one key. An IPv6 client is keyed by its /64 prefix: a /64 is the smallest
 * block a site is routed (RFC 4291 §2.5.4, RFC 6177 assigns /48 … /64 per site), and any host
 * in it picks its own interface identifiers freely (SLAAC privacy addresses, RFC 8981), so
 * keying whole addresses would give one host 2^64 keys and make both limits void. An
 * IPv4-mapped address (::ffff:a.b.c.d, how a dual-stack socket reports an IPv4 peer), and the
 * other forms that carry an IPv4 client (embeddedIpv4), are keyed as that IPv4 address.
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
 * The IPv4 client an IPv6 address carries, as its four bytes, or null. Behind a translator or a
 * tunnel every IPv4 client shares the relay's prefix, so keying its /64 would put them all under
 * one limit (or give one IPv4 host 2^16 of them, 6to4); keying the IPv4 client counts each once:
 * - IPv4-mapped ::ffff:0:0/96 (RFC 4291 §2.5.5.2), IPv4-translated ::ffff:0:0:0/96 (RFC 2765
 *   §2.1), NAT64's well-known prefix 64:ff9b::/96 (RFC 6052 §2.1) and its local-use
 *   64:ff9b:1::/48 (RFC 8215, taken with the /96 layout), the deprecated IPv4-compatible ::/96
 *   (less :: and ::1): the last 32 bits;
 * - Teredo 2001::/32 (RFC 4380 §4): the client's public IPv4, the last 32 bits inverted;
 * - 6to4 2002::/16 (RFC 3056 §2): the site's IPv4, bits 16–47.
 */
function embeddedIpv4(g: number[]): number[] | null {
  const zeros = (a: number, b: number) => g.slice(a, b).every((x) => x === 0);
  const bytes = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255];
  if (
    (zeros(0, 5) && g[5] === 0xffff) ||
    (zeros(0, 4) && g[4] === 0xffff && g[5] === 0) ||
    (g[0] === 0x64 && g[1] === 0xff9b && (zeros(2, 6) || g[2] === 1)) ||
    (zeros(0, 6) && g[6] !== 0)
  ) {
    return bytes(g[6], g[7]);
  }
  if (g[0] === 0x2001 && g[1] === 0) return bytes(g[6] ^ 0xffff, g[7] ^ 0xffff);
  if (g[0] === 0x2002) return bytes(g[1], g[2]);
  return null;
}

/**
 * The key for a remote address: an IPv4 address (also one carried in IPv6, embeddedIpv4), an
 * IPv6 /64 written `p:p:p:p::/64` (a link-local one with its zone, `fe80:0:0:0::/64%eth0`: the
 * same prefix on two links is two networks), or the text itself.
 */
export function addressKey(addr: string): string {
  if (isIPv4(addr)) return addr;
  const g = ipv6Groups(addr);
  if (!g) return addr;
  const v4 = embeddedIpv4(g);
  if (v4) return v4.join('.');
  const zone = (g[0] & 0xffc0) === 0xfe80 ? /%.*$/.exec(addr)?.[0] ?? '' : '';
  return `${g.slice(0, 4).map((x) => x.toString(16)).join(':')}::/64${zone}`;
}
