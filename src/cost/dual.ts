/**
 * The dual route's iteration counts: Eve finds Bob's weight-w r ∈ F2^m from his challenge
 * x* = rᵀA, syndrome decoding with parity-check matrix H = Aᵀ, an [m, m − n] code (isd.ts
 * prices the same instance in the estimator's terms; src/learners/dualPrange.ts and
 * src/learners/dualStern.ts run the attacks).
 *
 * - Prange (E. Prange, IRE Trans. IT-8, 1962; formulation after C. Peters, PhD thesis TU/e 2011,
 *   §5.1): a trial guesses that the m − n positions outside a uniform n-subset S are zero in r
 *   and solves A_Sᵀ·r_S = x*. It succeeds when all w ones of r fall in S and A_S is invertible:
 *       p = C(m−w, n−w)/C(m, n) × Pr[full rank] = C(n, w)/C(m, w) × ∏_{i=1..n} (1 − 2^-i),
 *   so the expected trials are C(m, w)/C(n, w) / Pr[full rank] (≈ 2^26 + 1.8 bits at n = 256,
 *   w = 13, m = 4n). The DESIGN.md §2 count is C(m, w)/C(n, w) (`dualLog2Trials`).
 * - Stern (J. Stern, "A method for finding codewords of small weight", 1988; Peters 2011 §5.2;
 *   Bernstein–Lange–Peters, PQCrypto 2008) as src/learners/dualStern.ts runs it: r has p ones in
 *   each half X, Y of the k = m − n positions outside the information set and none in the
 *   ℓ-window Z:
 *       P = C(⌊k/2⌋, p)·C(⌈k/2⌉, p)·C(n − ℓ, w − 2p) / C(m, w)
 *   per iteration — isd.ts's Stern formula, without a full-rank factor because singular draws
 *   are redrawn and not counted as iterations (the estimator charges one G per iteration, which
 *   flatters Stern by ≈ 1.8 bits against Prange — far less than the 7–20 bits by which it wins
 *   on the shipped profiles). `dualSternPlan` picks the cheapest (p, ℓ) within the learner's
 *   limits p ∈ {1, 2}, ℓ ≤ 31 under the estimator's bit-operation model.
 * - `dualPlan`: Stern's plan when that model prices it below Prange, else null (Eve's choice).
 */
import { SepkaError } from '../errors.ts';
import { log2Gauss, log2RankFactor } from './gauss.ts';
import { collisionIsd, collisionIsdLog2Success, log2PrangeCount, SdInstance } from './isd.ts';
import { probFullRank } from '../stats.ts';

/** Stern's parameters as the dual-Stern learner runs them: p ones per half, an ℓ-bit window. */
export interface SternPlan {
  p: 1 | 2;
  ell: number;
}

/** The dual route's SD instance: length m, dimension m − n, weight w. */
const dualInstance = (m: number, n: number, w: number): SdInstance => ({ N: m, K: m - n, W: w });

/** log2 of the expected Prange trials on the dual route, C(m,w)/C(n,w) (DESIGN.md §2; no rank factor). */
export const dualLog2Trials = (n: number, m: number, w: number): number => log2PrangeCount(dualInstance(m, n, w));

/** Pr[one dual Prange trial finds r] = C(n, w)/C(m, w) · Pr[full rank]. */
export function dualPrangeSuccessPerTrial(m: number, n: number, w: number): number {
  return 2 ** -dualLog2Trials(n, m, w) * probFullRank(n, n);
}

/** log2 of dual Prange's expected number of trials, C(m, w)/C(n, w) / Pr[full rank]. */
export function dualPrangeLog2Trials(m: number, n: number, w: number): number {
  return dualLog2Trials(n, m, w) + log2RankFactor(n);
}

/** log2 Pr[one dual Stern iteration finds r]. */
export function dualSternLog2Success(m: number, n: number, w: number, { p, ell }: SternPlan): number {
  return collisionIsdLog2Success('stern', dualInstance(m, n, w), p, ell);
}

/** The cheapest (p, ℓ) with p ≤ 2, ℓ ≤ 31 under the estimator's model (G = n^2.8 per iteration). */
export function dualSternPlan(m: number, n: number, w: number): SternPlan {
  let best: SternPlan & { bits: number } = { p: 1, ell: 0, bits: Infinity };
  for (const p of [1, 2] as const) {
    if (w < 2 * p) continue;
    for (let ell = 0; ell <= Math.min(31, n - (w - 2 * p)); ell++) {
      const bits = collisionIsd('stern', dualInstance(m, n, w), p, ell, log2Gauss(n)).log2BitOps;
      if (bits < best.bits) best = { p, ell, bits };
    }
  }
  if (best.bits === Infinity) throw new SepkaError('SEPKA_ERR_USAGE', `dual Stern: needs w ≥ 2, got ${w}`);
  return { p: best.p, ell: best.ell };
}

/** Stern's plan when the estimator prices it below Prange (G = n^2.8 per iteration), else null. */
export function dualPlan(m: number, n: number, w: number): SternPlan | null {
  if (w < 2 || m <= n) return null;
  const plan = dualSternPlan(m, n, w);
  const log2G = log2Gauss(n);
  const stern = collisionIsd('stern', dualInstance(m, n, w), plan.p, plan.ell, log2G).log2BitOps;
  return stern < dualPrangeLog2Trials(m, n, w) + log2G ? plan : null;
}
