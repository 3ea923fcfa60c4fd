/**
 * The closed-form figures the protocol is parameterised by (DESIGN.md §2–§3).
 *
 * - Raw agreement of one challenge: Pr[b_A = b_B] = (1 + ε)/2, ε = (1 − 2θ)^w, exact on
 *   average over e ~ Ber(θ)^m for any fixed r of weight w (DESIGN.md §2).
 * - Balanced w (the w at which the primal and dual attacks cost alike) is attack cost, not
 *   agreement theory: src/cost/balance.ts `balancedW`, with the route counts in src/cost/primal.ts
 *   and src/cost/dual.ts. ε itself is the LPN instance's (src/separation/lpn.ts `epsOf`).
 * - Repetition-code advantage distillation with post-selection (Maurer 1993; DESIGN.md §3):
 *   a block of ℓ raw bits survives with probability p^ℓ + (1−p)^ℓ, and a surviving bit is wrong
 *   with probability r^ℓ/(1 + r^ℓ), r = (1−p)/p.
 * - Expected key yield per raw bit, for a reconciliation of efficiency f (leak = f·N·h(e)):
 *   y(p, ℓ) = (p^ℓ + (1−p)^ℓ)/ℓ · (1 − f(e_ℓ)·h(e_ℓ)). ℓ 'auto' maximises it; fixed costs
 *   (verification tag, PA margin) do not depend on ℓ.
 * - Bit-pair iteration (Gander–Maurer 1994; pairs.ts): one round is the ℓ = 2 repetition code
 *   keeping one bit per kept pair, so a round keeps acceptance(p, 2)/2 bits per input bit and
 *   leaves agreement 1 − errorAfter(p, 2); R rounds compose. Yield per raw bit after R rounds:
 *   kept(R) · (1 − f(e_R)·h(e_R)), f the chosen reconciler's measured efficiency.
 */
import { epsOf } from '../separation/lpn.ts';
import { h2 } from '../stats.ts';
import { cascadeEfficiency } from './cascade.ts';
import { ldpcEfficiency } from './ldpc/reconcile.ts';

/**
 * The agreement both parties (and Eve) read off the revealed sample: 1 − errors/sample, except
 * that a sample with no error counts as half an error. p̂ = 1 would make Cascade's first block
 * the whole string and the LDPC syndrome empty, so reconciliation would fail whenever the
 * kept string held any error at all — the common case at high agreement (lwe-128's 36-bit
 * sample at p = 0.996 holds no error 87% of the time). Lower-agreement profiles (every LPN
 * one) see an error-free sample with negligible probability, so their sessions are unchanged.
 */
export const estimateAgreement = (errors: number, sample: number): number => 1 - Math.max(errors, 0.5) / sample;

/** Theory raw agreement (1 + (1 − 2θ)^w)/2. */
export const rawAgreementTheory = (theta: number, w: number): number => (1 + epsOf(theta, w)) / 2;

/** Probability that a repetition block of ℓ raw bits with agreement p survives post-selection. */
export const acceptance = (p: number, ell: number): number => p ** ell + (1 - p) ** ell;

/** Error rate of a surviving block: r^ℓ/(1 + r^ℓ), r = (1 − p)/p. */
export function errorAfter(p: number, ell: number): number {
  const r = ((1 - p) / p) ** ell;
  return r / (1 + r);
}

/** Expected key bits per raw bit after distillation with ℓ and reconciliation (see header). */
export function yieldPerRawBit(p: number, ell: number): number {
  if (!(p > 0.5 && p < 1)) return p === 1 ? 1 / ell : 0;
  const e = errorAfter(p, ell);
  return (acceptance(p, ell) / ell) * (1 - cascadeEfficiency(e) * h2(e));
}

/** The ℓ ∈ [1, ellMax] with the largest expected yield; 0 when no ℓ gives a positive yield. */
export function chooseEll(p: number, ellMax: number): number {
  let best = 0;
  let bestY = 0;
  for (let ell = 1; ell <= ellMax; ell++) {
    const y = yieldPerRawBit(p, ell);
    if (y > bestY) {
      best = ell;
      bestY = y;
    }
  }
  return best;
}


/** Information reconcilers (profile field `reconciler`). */
export type Reconciler = 'cascade' | 'ldpc';

/** The reconciler's measured efficiency f at error rate e (cascade.ts, ldpc/reconcile.ts tables). */
export const reconcilerEfficiency = (r: Reconciler, e: number): number => (r === 'ldpc' ? ldpcEfficiency(e) : cascadeEfficiency(e));

/** After R bit-pair rounds from raw agreement p: kept bits per raw bit, and the error rate. */
export function pairRoundsOutcome(p: number, rounds: number): { keep: number; e: number } {
  let keep = 1;
  let q = p;
  for (let r = 0; r < rounds; r++) {
    keep *= acceptance(q, 2) / 2;
    q = 1 - errorAfter(q, 2);
  }
  return { keep, e: 1 - q };
}

/** Expected key bits per raw bit after R pair rounds and reconciliation with `rec`. */
export function pairYield(p: number, rounds: number, rec: Reconciler): number {
  if (!(p > 0.5 && p <= 1)) return 0;
  const { keep, e } = pairRoundsOutcome(p, rounds);
  return e > 0 ? keep * (1 - reconcilerEfficiency(rec, e) * h2(e)) : keep;
}

/** Most pair rounds 'auto' considers. */
export const MAX_PAIR_ROUNDS = 6;

/** The number of rounds (1 … max) with the largest yield; 0 when none is positive. */
export function chooseRounds(p: number, rec: Reconciler, max = MAX_PAIR_ROUNDS): number {
  let best = 0;
  let bestY = 0;
  for (let r = 1; r <= max; r++) {
    const y = pairYield(p, r, rec);
    if (y > bestY) {
      best = r;
      bestY = y;
    }
  }
  return best;
}

/**
 * The error rate after a pair round, read off its public kept fraction k/n: a pair is kept with
 * probability q = e² + (1 − e)² for input error e, so e = (1 − √(2q − 1))/2, and the kept bit is
 * wrong with e²/q (errorAfter with ℓ = 2). The kept count is public anyway; with n ≈ 10^5 pairs it
 * pins the error after to about ±0.003, where the estimation sample (10^4 raw bits) gives ±0.013
 * after two rounds. A round that discarded no pair counts as half a discard, as an error-free
 * estimation sample counts as half an error (estimateAgreement): ê = 0 would leave the
 * reconciler nothing to send, and the session would fail on any error left.
 */
export function pairErrorFromKept(pairs: number, kept: number): number {
  const q = Math.min(kept, pairs - 0.5) / pairs;
  // q ≤ 1/2 is what uncorrelated bits give (or worse): no information, the error is 1/2.
  if (!(pairs > 0 && kept > 0 && q > 0.5)) return 0.5;
  const e = (1 - Math.sqrt(Math.max(0, 2 * q - 1))) / 2;
  return (e * e) / q;
}
