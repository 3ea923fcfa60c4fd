/**
 * The key Alice's per-address limits count a client under (src/net/addressKey.ts): IPv4 whole,
 * IPv6 by its /64 (link-local with its zone), IPv6 forms that carry an IPv4 client as that IPv4
 * address. Vectors written by hand from RFC 4291 §2.2 (text forms) and §2.5.5.2 (IPv4-mapped),
 * RFC 2765 (IPv4-translated), RFC 6052/8215 (NAT64), RFC 4380 (Teredo) and RFC 3056 (6to4), and a property over random global addresses: every text
 * form of one address (full, zero-compressed, upper case, with a zone index) gets one key, and two
 * addresses get the same key exactly when their first 64 bits agree.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressKey, ipv6Groups } from '../src/net/addressKey.ts';

describe('addressKey', () => {
  it('keys IPv4 whole, IPv6 by /64, IPv4-mapped as IPv4', () => {
    const cases: [string, string][] = [
      ['203.0.113.7', '203.0.113.7'],
      ['2001:db8::1', '2001:db8:0:0::/64'],
      ['2001:db8::ffff:1', '2001:db8:0:0::/64'],
      ['2001:db8:0:0:1::5', '2001:db8:0:0::/64'],
      ['2001:db8:0:1::1', '2001:db8:0:1::/64'],
      ['2001:0DB8:00aa:0001:0:0:0:1', '2001:db8:aa:1::/64'],
      ['fe80::1%eth0', 'fe80:0:0:0::/64%eth0'],
      ['fe80::2%eth1', 'fe80:0:0:0::/64%eth1'],
      ['::ffff:127.0.0.1', '127.0.0.1'],
      ['::ffff:7f00:1', '127.0.0.1'],
      ['64:ff9b::192.0.2.33', '192.0.2.33'],
      ['64:ff9b::c000:221', '192.0.2.33'],
      ['64:ff9b:1::192.0.2.33', '192.0.2.33'],
      ['64:ff9b:2::192.0.2.33', '64:ff9b:2:0::/64'],
      // Teredo: two clients of one server behind different NATs (public IPv4 inverted).
      ['2001:0:4136:e378:8000:63bf:3fff:fdd2', '192.0.2.45'],
      ['2001:0:4136:e378:8000:63bf:39cc:9bf8', '198.51.100.7'],
      // 6to4: every subnet of one IPv4 site is that site.
      ['2002:c000:221:1::5', '192.0.2.33'],
      ['2002:c000:221:ffff::5', '192.0.2.33'],
      ['::ffff:0:192.0.2.33', '192.0.2.33'],
      ['::192.0.2.33', '192.0.2.33'],
      ['::1', '0:0:0:0::/64'],
      ['::', '0:0:0:0::/64'],
      ['unknown', 'unknown'],
    ];
    for (const [a, k] of cases) expect(addressKey(a), a).toBe(k);
    expect(ipv6Groups('1:2:3:4:5:6:1.2.3.4')).toEqual([1, 2, 3, 4, 5, 6, 0x102, 0x304]);
    for (const bad of ['1:2:3:4:5:6:7', '1::2::3', '12345::1', '1.2.3.4', ':::']) expect(ipv6Groups(bad), bad).toBe(null);
  });

  const group = fc.integer({ min: 0, max: 0xffff });
  // Random global addresses (2000::/3 less Teredo's 2001::/32 and 6to4's 2002::/16): none
  // carries an IPv4 client, none is link-local.
  const addr = fc
    .array(group, { minLength: 8, maxLength: 8 })
    .map((g) => [0x2000 | (g[0] & 0x1fff), ...g.slice(1)])
    .filter((g) => g[0] !== 0x2002 && !(g[0] === 0x2001 && g[1] === 0));
  /** Zero-compress the longest run of zero groups (RFC 5952 §4.2). */
  const compressed = (g: number[]): string => {
    let best = [-1, 0];
    for (let i = 0; i < 8; i++) {
      let j = i;
      while (j < 8 && g[j] === 0) j++;
      if (j - i > best[1]) best = [i, j - i];
    }
    const hex = g.map((x) => x.toString(16));
    if (best[1] < 2) return hex.join(':');
    return `${hex.slice(0, best[0]).join(':')}::${hex.slice(best[0] + best[1]).join(':')}`;
  };

  it('one key per address whatever its text form; equal keys exactly when the /64s agree', () => {
    fc.assert(
      fc.property(addr, addr, (g, h) => {
        const full = g.map((x) => x.toString(16).padStart(4, '0')).join(':');
        const forms = [full, full.toUpperCase(), compressed(g), `${compressed(g)}%lo`];
        for (const f of forms) expect(ipv6Groups(f), f).toEqual(g);
        expect(new Set(forms.map(addressKey)).size).toBe(1);
        const samePrefix = g.slice(0, 4).every((x, i) => x === h[i]);
        expect(addressKey(compressed(g)) === addressKey(compressed(h))).toBe(samePrefix);
        // The same /64 with another interface identifier: the same key.
        expect(addressKey(compressed([...g.slice(0, 4), ...h.slice(4)]))).toBe(addressKey(full));
      }),
      { seed: 20261208, numRuns: 500 },
    );
  });
});
