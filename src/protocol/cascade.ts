/**
 * Cascade information reconciliation (Brassard & Salvail, "Secret-key reconciliation by public
 * discussion", EUROCRYPT 1993), with the usual improvements (Martinez-Mateo et al.,
 * "Demystifying the information reconciliation protocol Cascade", QIC 2015):
 *   - initial block size k1 ≈ 0.73/e, doubling each pass; 4 passes by default;
 *   - pass 0 in the natural order, later passes under public random permutations;
 *   - every parity Alice disclosed is cached, so the right half of a bisection is implied
 *     (never asked), and the "cascade" re-search of earlier passes after each correction uses
 *     the cached parities before asking for new ones;
 *   - batching: all open bisections advance one level per round trip, so a session needs about
 *     passes × (1 + log2 k) round trips, not one per error.
 *
 * Roles: Alice (the reference string) only answers parity queries (`rangeParity`); Bob drives
 * (`cascadeStart`, `cascadeNext`, `cascadeAbsorb`) and corrects his string towards Alice's.
 * Every parity Alice sends is one disclosed bit (`disclosed`).
 *
 * A query is a range [lo, hi) of positions in pass q's order: the bits perm_q[lo..hi).
 *
 * For Eve: `cascadeFollow(plan, guess, exchanges)` applies the disclosed parities to her own
 * guess of Alice's string without asking anything: the same correction engine as Bob's, with
 * only the parities that travelled.
 */
import { SepkaError } from '../errors.ts';
import { parityAt, publicPermutation } from './bits.ts';
import { interpolate } from './interpolate.ts';

export interface CascadePlan {
  /** Length of the strings being reconciled. */
  N: number;
  passes: number;
  /** Block size of pass 0. */
  k1: number;
  /** perms[q][pos] = index of the bit at position pos of pass q. */
  perms: Uint32Array[];
}

export interface Range {
  pass: number;
  lo: number;
  hi: number;
}

/** k1 = round(0.73 / e), at least 2 (BS93's empirical rule; e is the expected error rate). */
export function initialBlockSize(e: number, N: number): number {
  const k = e > 0 ? Math.round(0.73 / e) : N;
  return Math.max(2, Math.min(N, k));
}

/** Block size of pass q: k1·2^q, capped at N. */
export const blockSize = (plan: CascadePlan, q: number): number => Math.max(1, Math.min(plan.N, plan.k1 * 2 ** q));

/** The plan both sides derive from Bob's public seed. */
export function cascadePlan(seed: Uint8Array, N: number, passes: number, k1: number): CascadePlan {
  if (passes * (N + 1) ** 2 > 2 ** 53) {
    throw new SepkaError('SEPKA_ERR_RECONCILE_FAILED', `Cascade over ${N} bits in ${passes} passes exceeds its range cache (passes·(N+1)² ≤ 2^53)`);
  }
  const perms: Uint32Array[] = [];
  for (let q = 0; q < passes; q++) {
    if (q === 0) perms.push(Uint32Array.from({ length: N }, (_, i) => i));
    else perms.push(publicPermutation(seed, `cascade/pass${q}`, N));
  }
  return { N, passes, k1, perms };
}

/**
 * Most parity rounds a Cascade of this plan may take (Alice's cap): each pass opens
 * with one round and bisects at most ⌈log2 N⌉ levels per wave of corrections; the factor 4
 * covers the re-search waves that corrections set off in earlier passes. Seeded honest
 * sessions take at most 0.44 of it (toy-insecure, demo-256, demo-256-pairs: 360 sessions, the
 * largest 77 rounds against a cap of 176; test/protocol.limits.test.ts re-measures).
 */
export const cascadeRoundCap = (plan: CascadePlan): number => 4 * plan.passes * (1 + Math.ceil(Math.log2(Math.max(2, plan.N))));

/** Alice's answer to one query: the parity of her bits over the range. */
export const rangeParity = (plan: CascadePlan, bits: Uint8Array, r: Range): number => parityAt(bits, plan.perms[r.pass], r.lo, r.hi);

/**
 * Cache key of a range in base N + 1: distinct for distinct (q, lo, hi) and an exact double
 * while passes·(N + 1)² ≤ 2^53 (`cascadePlan` checks; with 16 passes, N up to 2^24.5).
 */
const key = (plan: CascadePlan, q: number, lo: number, hi: number): number => (q * (plan.N + 1) + lo) * (plan.N + 1) + hi;

export interface CascadeState {
  plan: CascadePlan;
  /** The string being corrected (Bob's, or Eve's guess), modified in place. */
  bits: Uint8Array;
  /** Passes started so far (top-level parities requested). */
  started: number;
  /** Alice's parities learned so far. */
  known: Map<number, number>;
  /** Current parity of our bits over each top-level block of each pass. */
  ourPar: Uint8Array[];
  /** blockOf[q][bitIndex] = top-level block of that bit in pass q. */
  blockOf: Uint32Array[];
  /** Bits flipped (errors corrected). */
  flips: number;
  /** Parities absorbed (= bits disclosed by Alice). */
  disclosed: number;
  rounds: number;
}

export function cascadeStart(plan: CascadePlan, bits: Uint8Array): CascadeState {
  const ourPar: Uint8Array[] = [];
  const blockOf: Uint32Array[] = [];
  for (let q = 0; q < plan.passes; q++) {
    const k = blockSize(plan, q);
    const nb = Math.ceil(plan.N / k);
    const par = new Uint8Array(nb);
    const bo = new Uint32Array(plan.N);
    const perm = plan.perms[q];
    for (let pos = 0; pos < plan.N; pos++) {
      const b = Math.floor(pos / k);
      bo[perm[pos]] = b;
      par[b] ^= bits[perm[pos]];
    }
    ourPar.push(par);
    blockOf.push(bo);
  }
  return { plan, bits, started: 0, known: new Map(), ourPar, blockOf, flips: 0, disclosed: 0, rounds: 0 };
}

/** Record Alice's parities for the ranges we asked. */
export function cascadeAbsorb(st: CascadeState, ranges: readonly Range[], parities: ArrayLike<number>): void {
  for (let i = 0; i < ranges.length; i++) st.known.set(key(st.plan, ranges[i].pass, ranges[i].lo, ranges[i].hi), parities[i] & 1);
  st.disclosed += ranges.length;
  st.rounds++;
}

function flip(st: CascadeState, idx: number): void {
  // With true parities every flip fixes a real error, so there are at most N of them; more
  // means the parities were inconsistent (a tampered reply) and the search could cycle.
  if (st.flips >= st.plan.N) throw new SepkaError('SEPKA_ERR_RECONCILE_FAILED', 'Cascade parities are inconsistent (more corrections than bits)');
  st.bits[idx] ^= 1;
  st.flips++;
  for (let q = 0; q < st.plan.passes; q++) st.ourPar[q][st.blockOf[q][idx]] ^= 1;
}

/**
 * Correct with what is known: bisect every top-level block (of the started passes) whose
 * parity differs from Alice's, as deep as the cached parities allow; flip every bit located.
 * Returns the ranges that would let the open bisections go one level deeper.
 */
function correct(st: CascadeState): Range[] {
  const { plan, bits } = st;
  for (;;) {
    let flipped = false;
    const want: Range[] = [];
    for (let q = 0; q < st.started; q++) {
      const k = blockSize(plan, q);
      const perm = plan.perms[q];
      const par = st.ourPar[q];
      for (let b = 0; b < par.length; b++) {
        let lo = b * k;
        let hi = Math.min(plan.N, lo + k);
        const top = st.known.get(key(plan, q, lo, hi));
        if (top === undefined || top === par[b]) continue;
        // Odd number of errors in [lo, hi): bisect, keeping the half whose parities differ.
        while (hi - lo > 1) {
          const mid = (lo + hi) >>> 1;
          const a = st.known.get(key(plan, q, lo, mid));
          if (a === undefined) break;
          if (a !== parityAt(bits, perm, lo, mid)) hi = mid;
          else lo = mid;
        }
        if (hi - lo === 1) {
          flip(st, perm[lo]);
          flipped = true;
        } else want.push({ pass: q, lo, hi: (lo + hi) >>> 1 });
      }
    }
    if (!flipped) return want;
  }
}

/**
 * Bob's next batch of queries, or null when reconciliation is complete (every block of every
 * pass has the same parity as Alice's).
 */
export function cascadeNext(st: CascadeState): Range[] | null {
  for (;;) {
    const want = correct(st);
    if (want.length > 0) return want;
    if (st.started >= st.plan.passes) return null;
    const q = st.started++;
    const k = blockSize(st.plan, q);
    const top: Range[] = [];
    for (let lo = 0; lo < st.plan.N; lo += k) {
      const hi = Math.min(st.plan.N, lo + k);
      if (!st.known.has(key(st.plan, q, lo, hi))) top.push({ pass: q, lo, hi });
    }
    if (top.length > 0) return top;
  }
}

/** Run the whole of Cascade locally against Alice's string (tests, calibration). */
export function cascadeLocal(plan: CascadePlan, alice: Uint8Array, bob: Uint8Array): CascadeState {
  const st = cascadeStart(plan, bob.slice());
  for (let qs = cascadeNext(st); qs; qs = cascadeNext(st)) {
    cascadeAbsorb(st, qs, qs.map((r) => rangeParity(plan, alice, r)));
  }
  return st;
}

/**
 * Eve's non-interactive follow: correct `guess` (a copy is made) with the parities Alice
 * disclosed in the session, in order. Returns the corrected guess.
 */
export function cascadeFollow(plan: CascadePlan, guess: Uint8Array, exchanges: readonly { ranges: Range[]; parities: ArrayLike<number> }[]): Uint8Array {
  const st = cascadeStart(plan, guess.slice());
  for (const x of exchanges) cascadeAbsorb(st, x.ranges, x.parities);
  st.started = plan.passes;
  correct(st);
  return st.bits;
}

/**
 * Reconciliation efficiency f = disclosed / (N·h(e)) of this implementation, measured at
 * N = 2000–8000 with the profile defaults (4 passes, k1 = 0.73/e), 20 runs per point, no
 * residual errors (re-measured by test/slow/protocol.cascade.test.ts);
 * linear interpolation between the measured points, flat outside. Used to choose ℓ.
 */
const F_TABLE: readonly [number, number][] = [
  [0.02, 1.14],
  [0.05, 1.18],
  [0.1, 1.25],
  [0.15, 1.29],
  [0.2, 1.29],
  [0.25, 1.39],
  [0.3, 1.49],
];

export const cascadeEfficiency = (e: number): number => interpolate(F_TABLE, e);
