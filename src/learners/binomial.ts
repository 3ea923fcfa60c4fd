/**
 * Binomial tails in log2, for the learners' hypothesis tests and success formulas.
 *
 * A candidate ŝ is tested by counting its errors on k labelled samples it was not fitted to.
 * A wrong candidate (ŝ ≠ s) disagrees with each label independently with probability exactly
 * 1/2 (⟨a, ŝ ⊕ s⟩ is uniform for uniform a), so its error count is Bin(k, 1/2); the right
 * candidate's errors are the noise count, Bin(k, θ). A threshold test "accept iff errors ≤ τ"
 * therefore has false-accept probability Pr[Bin(k, 1/2) ≤ τ] per candidate — computed here
 * exactly (sum of terms, in log space), not by a Chernoff bound.
 */
import { log2Binom, log2SumExp2 } from '../stats.ts';

/** log2 Pr[Bin(k, p) = i]. */
export function log2BinomPmf(k: number, p: number, i: number): number {
  if (i < 0 || i > k) return -Infinity;
  if (p === 0) return i === 0 ? 0 : -Infinity;
  if (p === 1) return i === k ? 0 : -Infinity;
  return log2Binom(k, i) + i * Math.log2(p) + (k - i) * Math.log2(1 - p);
}

/** log2 Σ 2^xs, stably. */

/** log2 Pr[Bin(k, p) ≤ tau]. */
export function log2BinomCdf(k: number, p: number, tau: number): number {
  if (tau < 0) return -Infinity;
  if (tau >= k) return 0;
  const terms: number[] = [];
  for (let i = 0; i <= tau; i++) terms.push(log2BinomPmf(k, p, i));
  return log2SumExp2(terms);
}

/** Past the mode, terms this far (log2) below the largest end the sum: the k or fewer left add < k·2^-80 of it. */
const SF_CUTOFF = 80;

/**
 * log2 Pr[Bin(k, p) > tau]. Past the mode the terms only fall, so the sum stops once they are
 * 2^-SF_CUTOFF below the largest: at k = 28,672, p ≈ 0.012 (paper-128's passThreshold) that is
 * a few hundred terms instead of 28,672 per call (0.6 s for the threshold search, ≈ 47 calls).
 */
export function log2BinomSf(k: number, p: number, tau: number): number {
  if (tau >= k) return -Infinity;
  if (tau < 0) return 0;
  const terms: number[] = [];
  const mode = Math.floor((k + 1) * p);
  let top = -Infinity;
  for (let i = Math.floor(tau) + 1; i <= k; i++) {
    const t = log2BinomPmf(k, p, i);
    if (i > mode && t < top - SF_CUTOFF) break;
    if (t > top) top = t;
    terms.push(t);
  }
  return log2SumExp2(terms);
}

/**
 * Largest τ with Pr[Bin(k, 1/2) ≤ τ] ≤ 2^log2Alpha: the most permissive threshold whose
 * false-accept probability per tested candidate stays below α. −1 when even τ = 0 is too
 * permissive (k < −log2 α).
 */
export function strictThreshold(k: number, log2Alpha: number): number {
  const key = `${k},${log2Alpha}`;
  let tau = strictMemo.get(key);
  if (tau === undefined) strictMemo.set(key, (tau = strictThresholdOf(k, log2Alpha)));
  return tau;
}

/** strictThreshold's results: tens of ms at k ≈ 28,672, asked for in every session and learner run. */
const strictMemo = new Map<string, number>();

function strictThresholdOf(k: number, log2Alpha: number): number {
  // The CDF is accumulated term by term (linear in τ; recomputing each tail was quadratic,
  // ≈ 10 s per call at k ≈ 20,000): log2 Σ_{i≤τ} 2^{pmf_i}, stably, largest term factored out.
  let tau = -1;
  let top = -Infinity; // the largest pmf term so far (the last one: Bin(k, 1/2) rises up to k/2)
  let sum = 0; // Σ 2^{pmf_i − top}
  while (tau + 1 <= k) {
    const lp = log2BinomPmf(k, 0.5, tau + 1);
    const nextTop = Math.max(top, lp);
    const nextSum = (top === -Infinity ? 0 : sum * 2 ** (top - nextTop)) + 2 ** (lp - nextTop);
    if ((tau + 1 >= k ? 0 : nextTop + Math.log2(nextSum)) > log2Alpha) break; // Pr[Bin ≤ k] = 1 exactly
    top = nextTop;
    sum = nextSum;
    tau++;
  }
  return tau;
}

/** Smallest τ with Pr[Bin(k, p) > τ] ≤ 2^log2Beta: the right candidate passes w.p. ≥ 1 − β. */
export function passThreshold(k: number, p: number, log2Beta: number): number {
  let tau = Math.max(0, Math.floor(k * p) - 1);
  while (tau < k && log2BinomSf(k, p, tau) > log2Beta) tau++;
  return tau;
}
