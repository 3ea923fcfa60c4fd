/**
 * `npm run bench -- --only floor`: how close each profile's session comes to the wire floor of
 * the reduction (src/cost/floor.ts: labels m·L + ⌈R/L⌉ challenges of n elements, b wire bits an
 * element of the instance's ring, + R·h(p) reconciliation bits, R = K / yield raw bits): the LPN
 * line (b = 1) and every other instance a profile names (gaussian-regression: Q15.16, b = 32). For every profile in protocols/ one in-process
 * session of the code `measure` runs (seeded) gives the bytes actually sent (protocol/wire.ts),
 * the key bits, the raw bits and the raw agreement p measured on them; then
 *
 *   floor at the measured yield     K / raw bits, the profile's own L;
 *   floor at the Shannon yield      1 − h(p): the raw bits a perfect amplification would need;
 *   L*                              the L of least floor at the measured yield, and the security
 *                                   `estimate` gives the profile at L* (more or fewer challenges
 *                                   and columns are more or fewer targets): the lead decides
 *                                   whether a profile changes; nothing here changes one.
 *
 * It is a bench section, not part of `estimate`, because bytes / floor needs a real session's
 * bytes and yield; estimate runs none.
 */
import { createAlice } from '../../src/protocol/alice.ts';
import { createBob } from '../../src/protocol/bob.ts';
import { hamming } from '../../src/protocol/bits.ts';
import { runInMemorySession } from '../../src/protocol/channel.ts';
import { derive, listProfiles, loadProfile, type Profile } from '../../src/protocol/profile.ts';
import { countingSends, WireTally } from '../../src/protocol/wire.ts';
import { bestL, wireFloor, shannonYield, type Floor } from '../../src/cost/floor.ts';
import { estimateMultiTarget } from '../../src/measure/estimateMulti.ts';
import { elementBits, separationOf } from '../../src/separation/index.ts';
import { isLpn } from './kem.ts';
import { seededRng } from '../../src/rng.ts';
import type { BenchSection } from './section.ts';

export interface FloorRecord {
  profile: string;
  separation: string;
  /** Wire bits per ring element of labels and points. */
  elementBits: number;
  n: number;
  m: number;
  L: number;
  /** The session: bytes sent both ways, key bits, raw bits, raw agreement measured on them. */
  bytes: number;
  keyBits: number;
  rawBits: number;
  p: number;
  measured: { yield: number; floor: Floor; ratio: number };
  shannon: { yield: number; floor: Floor; ratio: number };
  /** The L of least floor at the measured yield; its security and the profile's (log2 bit ops, estimate). */
  bestL: { L: number; floor: Floor; saving: number; log2Security: number | null; log2SecurityNow: number | null };
}

function log2Security(p: Profile, L: number, challenges: number): number {
  return estimateMultiTarget({ n: p.n, theta: p.theta, m: p.m, w: p.w, L, challenges }).securityLevel.log2BitOps;
}

export function floorOf(p: Profile, withSecurity = true): FloorRecord {
  const wire = new WireTally();
  const alice = createAlice(p, { rng: seededRng('bench', `floor/${p.name}/alice`) });
  const bob = createBob(p, { rng: seededRng('bench', `floor/${p.name}/bob`) });
  const r = runInMemorySession(countingSends(alice, wire), countingSends(bob, wire));
  if (!r.alice.ok) throw new Error(`floor: ${p.name}: the session failed (${r.alice.reason})`);
  const a = alice.inspect().raw;
  const b = bob.inspect().raw;
  const rawBits = Math.min(a.length, b.length);
  const pAgree = 1 - hamming(a.subarray(0, rawBits), b.subarray(0, rawBits)) / rawBits;
  const bytes = wire.summary().total.bytes;
  const K = r.alice.keyBits;
  const base = { n: p.n, m: p.m, keyBits: K, p: pAgree, elementBits: elementBits(separationOf(p).ring) };
  const yMeasured = K / rawBits;
  const measured = wireFloor({ ...base, L: p.L, yieldPerRawBit: yMeasured });
  const ySh = shannonYield(pAgree);
  const shannon = wireFloor({ ...base, L: p.L, yieldPerRawBit: ySh });
  const best = bestL({ ...base, yieldPerRawBit: yMeasured });
  // Only the LPN line has a security estimate to hold L* to.
  const changes = best.L !== p.L && withSecurity && isLpn(p);
  return {
    profile: p.name,
    separation: p.separation ?? 'lpn',
    elementBits: base.elementBits,
    n: p.n,
    m: p.m,
    L: p.L,
    bytes,
    keyBits: K,
    rawBits,
    p: pAgree,
    measured: { yield: yMeasured, floor: measured, ratio: bytes / measured.bytes },
    shannon: { yield: ySh, floor: shannon, ratio: bytes / shannon.bytes },
    bestL: {
      L: best.L,
      floor: best.floor,
      saving: 1 - best.floor.bytes / measured.bytes,
      log2Security: changes ? log2Security(p, best.L, best.floor.challenges) : null,
      log2SecurityNow: changes ? log2Security(p, p.L, derive(p).challenges) : null,
    },
  };
}

const int = (x: number): string => Math.round(x).toLocaleString('en-US');

export function formatFloor(rs: FloorRecord[]): string {
  const L = [
    'floor: least bytes of a session for its key (src/cost/floor.ts): labels m·L and challenges',
    '⌈R/L⌉·n ring elements of b bits (b = 1 on the LPN line), reconciliation R·h(p) bits, R = K / yield',
    'raw bits. Sent: one seeded in-process session of each profile.',
    '  profile               L    sent B   floor, measured yield sent/floor  floor, Shannon sent/floor',
  ];
  for (const r of rs) {
    L.push(`  ${r.profile.padEnd(19)} ${String(r.L).padStart(3)} ${int(r.bytes).padStart(9)}  ${int(r.measured.floor.bytes).padStart(21)} ${r.measured.ratio.toFixed(3).padStart(10)}  ${int(r.shannon.floor.bytes).padStart(14)} ${r.shannon.ratio.toFixed(2).padStart(10)}`);
  }
  L.push('  yields (key bits per raw bit), and the L of least floor at the measured yield:');
  for (const r of rs) {
    const b = r.bestL;
    const sec = b.log2Security === null ? '' : `; security 2^${b.log2Security.toFixed(1)} (now 2^${b.log2SecurityNow?.toFixed(1)})`;
    const best = b.L === r.L ? 'L is already the best' : `L* = ${b.L}: floor ${int(b.floor.bytes)} B, ${(100 * b.saving).toFixed(1)}% less${sec}`;
    L.push(`  ${r.profile.padEnd(19)} measured ${r.measured.yield.toExponential(2)}, Shannon ${r.shannon.yield.toExponential(2)} (p = ${r.p.toFixed(4)})`);
    L.push(`  ${''.padEnd(19)} ${best}`);
  }
  L.push('  sent/floor at the measured yield: framing and amplification traffic over the bare labels,');
  L.push('  challenges and Slepian–Wolf; at the Shannon yield also what an amplification reaching');
  L.push('  1 − h(p) key bits per raw bit would save (fewer challenges: the labels stay).');
  return L.join('\n');
}

const section: BenchSection<FloorRecord> = {
  name: 'floor',
  run(progress) {
    return listProfiles().map((name) => {
      const r = floorOf(loadProfile(name));
      progress(`floor: ${name} sent ${r.bytes} B, ${r.measured.ratio.toFixed(3)}× the floor at its yield`);
      return r;
    });
  },
  format: formatFloor,
};
export default section;
