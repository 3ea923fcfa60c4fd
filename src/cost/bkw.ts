/**
 * The samples BKW needs, LF1 variant: Blum, Kalai, Wasserman, "Noise-tolerant learning, the
 * parity problem, and the statistical query model" (JACM 2003); Levieil, Fouque, "An improved
 * LPN algorithm" (SCN 2006), algorithm LF1. src/learners/bkw.ts runs it.
 *
 * With a = ⌈n/b⌉ blocks of b bits, each reduction step drops one sample per non-empty bucket,
 * ≤ 2^b − 1 of them, and the reduced labels have bias ε = (1 − 2θ)^{2^{a−1}}. The WHT picks the
 * right s_T with probability ≥ 1 − δ when the m' remaining samples satisfy
 * m'·ε² ≥ 4(b·ln 2 + ln(a/δ)) (Hoeffding on the difference of two ±1 sums, union bound over
 * 2^b values and a blocks). So LF1 needs about
 *     N(b) = (a − 1)(2^b − 1) + 4(b·ln 2 + ln(a/δ)) / ε²   samples, δ = 2^-7.
 * The run picks the b ≤ 16 that minimises N(b) (`bkwPlan`): the WHT table and the buckets hold
 * 2^b entries. What BKW would need is the minimum over all block counts (`bkwBestPlan`): b > 16
 * with a ≥ 2, where the reduction's (a − 1)(2^b − 1) samples already exceed the 2^b table, so
 * N(b) prices the work too (a = 1 with b = n > 16 would be an exhaustive 2^n search that N(b)
 * does not price). At n = 256, θ = 1/16 the run has b = 16, a = 16 (final bias 2^-6312.6,
 * N = 2^12631.4) but the best is a = 7, b = 37 (bias 2^-12.3, N = 2^39.6). Cost of a run:
 * a(a − 1) passes over ≤ m samples of ⌈n/32⌉ words, plus a·b·2^b for the WHTs.
 */

const LN_DELTA = -7 * Math.LN2;
/** The largest block size the run uses: its WHT table and buckets hold 2^b entries. */
export const BKW_MAX_B = 16;

export interface BkwPlan {
  b: number;
  a: number;
  /** log2 ε of the final labels: 2^{a−1}·log2(1 − 2θ). */
  log2Bias: number;
  /** log2 N(b), the samples LF1 needs at this block size. */
  log2SamplesNeeded: number;
}

/**
 * log2 of a bias or a sample count for a note. An exponent of a million or more (paper-128's
 * run has log2 ε ≈ −1.3·10^133, which toFixed writes as "−1.25…e+133") or one past the double
 * range (−∞) is printed as a tower, 2^-(2^x) or 2^(2^x), with x = log2 of the exponent; past the
 * double range x is computed from a and θ: log2(−log2 ε) = (a − 1) + log2(−log2(1 − 2θ)).
 */
export function formatLog2(x: number, plan: BkwPlan, theta: number): string {
  if (Math.abs(x) < 1e6) return `2^${x.toFixed(1)}`;
  const biasTower = plan.a - 1 + Math.log2(-Math.log2(1 - 2 * theta));
  // N ≈ ε^-2 when the bias is that small: log2 N = 2·(−log2 ε), one more level of 2 in the tower.
  const tower = Number.isFinite(x) ? Math.log2(Math.abs(x)) : x < 0 ? biasTower : biasTower + 1;
  return x < 0 ? `2^-(2^${tower.toFixed(1)})` : `2^(2^${tower.toFixed(1)})`;
}

/** N(b) in log2 for block size b (see the header), in the log domain: b may be up to n. */
export function bkwPlanFor(n: number, theta: number, b: number): BkwPlan {
  const a = Math.ceil(n / b);
  const log2Bias = 2 ** (a - 1) * Math.log2(1 - 2 * theta);
  // Past 2^1024 bits of bias loss (a − 1 ≥ 1024 at small b on n ≈ 5,000) log2 ε is −∞ in
  // doubles: N(b) is then +∞, never NaN (∞ − ∞ below), so minPlan's comparisons still order it.
  if (log2Bias === -Infinity) return { b, a, log2Bias, log2SamplesNeeded: Infinity };
  const log2Reduce = a > 1 ? Math.log2(a - 1) + b + Math.log2(1 - 2 ** -b) : -Infinity;
  const log2Wht = Math.log2(4 * (b * Math.LN2 + Math.log(a) - LN_DELTA)) - 2 * log2Bias;
  const hi = Math.max(log2Reduce, log2Wht);
  const log2SamplesNeeded = hi + Math.log2(2 ** (log2Reduce - hi) + 2 ** (log2Wht - hi));
  return { b, a, log2Bias, log2SamplesNeeded };
}

function minPlan(n: number, theta: number, allowed: (b: number) => boolean): BkwPlan {
  let best = bkwPlanFor(n, theta, 1);
  for (let b = 2; b <= n; b++) {
    if (!allowed(b)) continue;
    const p = bkwPlanFor(n, theta, b);
    if (p.log2SamplesNeeded < best.log2SamplesNeeded) best = p;
  }
  return best;
}

/** The block size b ≤ BKW_MAX_B minimising the samples needed: the plan the run uses. */
export function bkwPlan(n: number, theta: number): BkwPlan {
  return minPlan(n, theta, (b) => b <= BKW_MAX_B);
}

/**
 * The minimum of N(b) over every block count a ≥ 2 (and the run's b ≤ BKW_MAX_B): the samples
 * BKW would need without the table limit. Equals `bkwPlan` when the limit does not bind.
 */
export function bkwBestPlan(n: number, theta: number): BkwPlan {
  return minPlan(n, theta, (b) => b <= BKW_MAX_B || Math.ceil(n / b) >= 2);
}
