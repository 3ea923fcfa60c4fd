/**
 * Statistics shared by the learners, the protocol report and the tests: Wilson score
 * intervals (Wilson 1927; Agresti & Coull 1998 for why not the Wald interval), binary entropy,
 * and log-binomials for the cost formulas of DESIGN.md §2.
 */

/** Normal quantiles for the confidence levels we use. */
export const Z95 = 1.959963984540054;
export const Z99 = 2.5758293035489004;
export const Z999 = 3.2905267314918945;

export interface Interval {
  /** Point estimate k / n. */
  p: number;
  lo: number;
  hi: number;
}

/** Wilson score interval for k successes in n trials. n = 0 gives [0, 1]. */
export function wilson(k: number, n: number, z = Z95): Interval {
  if (!(Number.isInteger(k) && Number.isInteger(n) && k >= 0 && k <= n)) {
    throw new RangeError(`wilson: bad counts k=${k}, n=${n}`);
  }
  return wilsonReal(k, n, z);
}

/**
 * The Wilson formula for a real-valued count (0 ≤ k ≤ n, both real): what an effective sample
 * size n/deff needs (src/measure/rates.ts). No validation; `wilson` is the checked entry point.
 */
export function wilsonReal(k: number, n: number, z = Z95): Interval {
  if (n <= 0) return { p: NaN, lo: 0, hi: 1 };
  const p = k / n;
  const z2 = z * z;
  const den = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / den;
  const half = (z / den) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // Clamp so that rounding never puts the point outside its own interval (k = 0 or k = n).
  return { p, lo: Math.max(0, Math.min(p, centre - half)), hi: Math.min(1, Math.max(p, centre + half)) };
}

export const contains = (ci: { lo: number; hi: number }, x: number): boolean => ci.lo <= x && x <= ci.hi;

/** Binary entropy h(p) in bits. */
export function h2(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -p * Math.log2(p) - (1 - p) * Math.log2(1 - p);
}

/** log2 Γ(x+1) = log2 x!, by Lanczos (exact enough for cost estimates; |err| < 1e-10 rel). */
export function log2Factorial(x: number): number {
  if (x < 0) return NaN;
  if (x < 2) return 0;
  return lnGamma(x + 1) / Math.LN2;
}

/** ln Γ(x) for x > 0, by Lanczos (g = 7, 9 terms). */
export function lnGamma(x: number): number {
  const g = 7;
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  x -= 1;
  let a = c[0];
  const t = x + g + 0.5;
  for (let i = 1; i < g + 2; i++) a += c[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** log2 C(n, k); -Infinity when k is outside [0, n]. */
export function log2Binom(n: number, k: number): number {
  if (k < 0 || k > n) return -Infinity;
  return log2Factorial(n) - log2Factorial(k) - log2Factorial(n - k);
}

/** Pr[a uniform k×k GF(2) matrix... generalised: a uniform r×n matrix (r ≥ n) has rank n]. */
export function probFullRank(r: number, n: number): number {
  if (r < n) return 0;
  let p = 1;
  for (let i = 0; i < n; i++) p *= 1 - 2 ** (i - r);
  return p;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >>> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/** log2 Σ 2^x over xs, computed stably (the largest term factored out); −∞ for no mass. */
export function log2SumExp2(xs: readonly number[]): number {
  let mx = -Infinity;
  for (const x of xs) if (x > mx) mx = x;
  if (mx === -Infinity) return -Infinity;
  let s = 0;
  for (const x of xs) s += 2 ** (x - mx);
  return mx + Math.log2(s);
}

/**
 * Upper tail of the standard normal, Q(z) = erfc(z/√2)/2, with relative error < 1.2e-7 for
 * z ≥ 0 (Chebyshev fit of erfc; Press et al., Numerical Recipes, §6.2 `erfcc`).
 */
export function normalUpperTail(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x -
        1.26551223 +
        t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? erfc / 2 : 1 - erfc / 2;
}
