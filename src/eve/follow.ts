/**
 * Eve following the public amplification messages with her own guesses (DESIGN.md §3–§4). Pure functions on her *belief* about each bit, so they serve both the
 * in-process measurement and the eve process.
 *
 * A belief about one bit of Alice's string is a guess g and a reliability q = Pr[g = Alice's
 * bit] ∈ [1/2, 1]; `bobExact` marks a guess known to equal *Bob's* bit exactly (the dual route
 * gives b_B = ⟨r, z⟩). Where the bits come from:
 *   - primal route (Eve holds s_j): ⟨x*, s_j⟩ = b_A exactly → q = 1;
 *   - dual route (Eve holds r): b_B exactly → q = p (raw agreement), bobExact;
 *   - nothing: a coin, q = 1/2.
 *
 * Advantage distillation (repetition code with post-selection, Maurer 1993): for a kept block
 * Alice's bit is c = b_A,i ⊕ d_i for every i, and Bob's c' = b_B,i ⊕ d_i for every i (he kept the
 * block because these agree). So one exact Alice bit gives c; one exact Bob bit gives c', equal
 * to c except with probability e_after = r^ℓ/(1+r^ℓ), r = (1−p)/p; otherwise Eve takes the
 * maximum-likelihood vote of her soft guesses (sum of log-likelihood ratios).
 *
 * Reconciliation: Alice's disclosed parities are exact linear constraints on her string. Eve
 * propagates them (a constraint with one unknown bit fixes it: Cascade's binary searches end on
 * single bits), then, for each constraint her string still violates, flips its least reliable
 * bit (a reliability-ordered bit-flipping decoder in the spirit of Gallager 1962).
 *
 * Bit pairs (pairs.ts) are repetition blocks of ℓ = 2 with d = (0, a ⊕ a'), followed round by
 * round with `followDistill` (`followPairs`). An LDPC syndrome is followed with the same BP
 * decoder Bob runs (ldpc/decode.ts), from her own beliefs as priors and the revealed bits fixed
 * (`followSyndrome`); where BP does not converge she keeps her guesses with the revealed bits.
 */
import { Rng } from '../rng.ts';
import type { LdpcCode } from '../protocol/ldpc/code.ts';
import { decodeSyndrome } from '../protocol/ldpc/decode.ts';
import { LDPC_MAX_ITER, REVEALED_LLR } from '../protocol/ldpc/reconcile.ts';
import { pairBlocks, pairCount, pairOrder, pairSurvivors } from '../protocol/pairs.ts';

export interface Beliefs {
  /** Guessed bits, 0/1. */
  g: Uint8Array;
  /** Pr[g = Alice's bit]. */
  q: Float64Array;
  /** The guess is Bob's bit exactly. */
  bobExact: Uint8Array;
}

export function newBeliefs(len: number): Beliefs {
  return { g: new Uint8Array(len), q: new Float64Array(len).fill(0.5), bobExact: new Uint8Array(len) };
}

/** Log-likelihood ratio of a guess with reliability q (∞ for q = 1). */
const llr = (q: number): number => (q >= 1 ? Infinity : Math.log(q / (1 - q)));

/** e_after of DESIGN.md §3: Alice and Bob disagree on a kept repetition block of length ℓ. */
export function distilledError(p: number, ell: number): number {
  const r = (1 - p) / p;
  return r ** ell / (1 + r ** ell);
}

/**
 * Eve's belief about Alice's distilled bits.
 * @param raw   her beliefs about Alice's raw bits, in the protocol's raw-bit order
 * @param blocks the kept blocks: raw-bit indices and Alice's announced d_i = c ⊕ b_A,i
 * @param p     raw agreement Pr[b_A = b_B] (for the reliability of Bob-exact bits)
 */
export function followDistill(
  raw: Beliefs,
  blocks: readonly { idx: ArrayLike<number>; d: ArrayLike<number> }[],
  p: number,
  rng: Rng,
): Beliefs {
  const out = newBeliefs(blocks.length);
  const ell = blocks.length ? blocks[0].idx.length : 1;
  const qBob = 1 - distilledError(p, ell);
  blocks.forEach((blk, k) => {
    let exactA = -1;
    let exactB = -1;
    let score = 0; // Σ ± LLR for c = 1 versus c = 0
    for (let t = 0; t < blk.idx.length; t++) {
      const i = blk.idx[t];
      const v = raw.g[i] ^ blk.d[t];
      if (raw.q[i] >= 1) exactA = v;
      else if (raw.bobExact[i]) exactB = v;
      else score += (v ? 1 : -1) * llr(raw.q[i]);
    }
    if (exactA >= 0) {
      out.g[k] = exactA;
      out.q[k] = 1;
    } else if (exactB >= 0) {
      out.g[k] = exactB;
      out.q[k] = qBob;
      out.bobExact[k] = 1;
    } else {
      out.g[k] = score > 0 ? 1 : score < 0 ? 0 : rng.u32() & 1;
      // Posterior of the ML choice under independent guesses: σ(|score|).
      out.q[k] = 1 / (1 + Math.exp(-Math.abs(score)));
    }
  });
  return out;
}

/** One disclosed parity of Alice's string: the XOR of her bits at `idx` is `parity`. */
export interface ParityConstraint {
  idx: ArrayLike<number>;
  parity: number;
}

/**
 * Eve's string after applying Alice's disclosed parities. Returns new beliefs (input untouched).
 * Exact propagation first, then reliability-ordered bit flipping for up to `rounds` rounds.
 */
export function followParities(bel: Beliefs, cons: readonly ParityConstraint[], rounds = 4): Beliefs {
  const g = bel.g.slice();
  const q = bel.q.slice();
  const bobExact = bel.bobExact.slice();
  const known = (i: number) => q[i] >= 1;
  // 1. Unit propagation over exact bits: a constraint whose bits are all known but one fixes it.
  const byBit = new Map<number, number[]>();
  cons.forEach((c, k) => {
    for (let t = 0; t < c.idx.length; t++) {
      const i = c.idx[t];
      let l = byBit.get(i);
      if (!l) byBit.set(i, (l = []));
      l.push(k);
    }
  });
  const queue = cons.map((_, k) => k);
  while (queue.length) {
    const c = cons[queue.pop()!];
    let unknown = -1;
    let nUnknown = 0;
    let par = c.parity & 1;
    for (let t = 0; t < c.idx.length; t++) {
      const i = c.idx[t];
      if (known(i)) par ^= g[i];
      else if (nUnknown++ === 0) unknown = i;
    }
    if (nUnknown !== 1) continue;
    g[unknown] = par;
    q[unknown] = 1;
    bobExact[unknown] = 0;
    for (const k of byBit.get(unknown) ?? []) queue.push(k);
  }
  // 2. Soft correction: smallest constraints first (their culprit is the best localised).
  const order = cons.map((_, k) => k).sort((a, b) => cons[a].idx.length - cons[b].idx.length);
  for (let round = 0; round < rounds; round++) {
    let flips = 0;
    for (const k of order) {
      const c = cons[k];
      let par = c.parity & 1;
      let worst = -1;
      for (let t = 0; t < c.idx.length; t++) {
        const i = c.idx[t];
        par ^= g[i];
        if (!known(i) && (worst < 0 || q[i] < q[worst])) worst = i;
      }
      if (par === 0 || worst < 0) continue;
      g[worst] ^= 1;
      q[worst] = 0.5; // a bit flipped on circumstantial evidence is no longer trusted
      bobExact[worst] = 0;
      flips++;
    }
    if (flips === 0) break;
  }
  return { g, q, bobExact };
}

/**
 * Bit-pair rounds: the raw positions that survive every round (for her dual route), and a
 * function giving her beliefs about Alice's final bits from her beliefs about the raw bits.
 * @param p raw agreement (the reliability of Bob-exact bits compounds round by round)
 */
export function followPairs(
  remaining: Uint32Array,
  seed: Uint8Array,
  rounds: { parities: Uint8Array; kept: Uint8Array }[],
): { survivors: Uint32Array; follow: (raw: Beliefs, p: number, rng: Rng) => Beliefs } {
  const orders: Uint32Array[] = [];
  let list = remaining;
  for (let r = 0; r < rounds.length; r++) {
    const order = pairOrder(seed, r, list.length);
    if (rounds[r].kept.length !== pairCount(list.length)) throw new RangeError('pair mask does not match the round');
    orders.push(order);
    list = pairSurvivors(list, order, rounds[r].kept);
  }
  const follow = (raw: Beliefs, p: number, rng: Rng): Beliefs => {
    let bel: Beliefs = { g: Uint8Array.from(remaining, (i) => raw.g[i]), q: Float64Array.from(remaining, (i) => raw.q[i]), bobExact: Uint8Array.from(remaining, (i) => raw.bobExact[i]) };
    let q = p;
    rounds.forEach((r, k) => {
      bel = followDistill(bel, pairBlocks(orders[k], r.parities, r.kept), q, rng);
      q = 1 - distilledError(q, 2);
    });
    return bel;
  };
  return { survivors: list, follow };
}

/** Her guess of Alice's string from an LDPC syndrome and the revealed bits (see header). */
export function followSyndrome(bel: Beliefs, code: LdpcCode, syndrome: Uint8Array, revealed: ReadonlyMap<number, number>): { bits: Uint8Array; decoded: boolean } {
  const g = bel.g.slice();
  for (const [i, b] of revealed) g[i] = b;
  let informative = false;
  for (let i = 0; i < bel.q.length && !informative; i++) informative = bel.q[i] > 0.5;
  if (!informative) return { bits: g, decoded: false };
  const prior = new Float64Array(g.length);
  for (let i = 0; i < g.length; i++) {
    const l = revealed.has(i) ? REVEALED_LLR : Math.min(REVEALED_LLR, llr(bel.q[i]));
    prior[i] = g[i] ? -l : l;
  }
  const res = decodeSyndrome(code, syndrome, prior, LDPC_MAX_ITER);
  return res.ok ? { bits: res.bits, decoded: true } : { bits: g, decoded: false };
}
