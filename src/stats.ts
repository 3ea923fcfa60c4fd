/**
 * Statistics shared by the learners, the protocol report and the tests: Wilson score
 * intervals (Wilson 1927; Agresti & Coull 1998 for why not the Wald interval), Student-t
 * intervals of a mean over sessions, binary entropy, and log-binomials for the cost formulas
 * of DESIGN.md §2.
 *
 * The one rule for printed and plotted intervals: a rate's interval (Wilson) lies in [0, 1] by
 * construction; a mean over sessions gets its t-interval only from MIN_SESSIONS_FOR_INTERVAL
 * sessions on (fewer: no interval, and TOO_FEW_FOR_INTERVAL says why), cut to the quantity's
 * range ([0, 1] for β and any other share).
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

/**
 * Student t quantile with the same upper tail as the normal quantile z, for ν degrees of
 * freedom: exact closed forms for ν = 1, 2 (A&S 26.7.3/26.7.4 inverted), the Cornish–Fisher
 * expansion A&S 26.7.5 from ν = 3 (within 0.8% there, 0.2% from ν = 4). The expansion is
 * asymptotic: at ν = 1 it gives 40.5 for the 99% point instead of 63.66, far too narrow for
 * the session-clustered rates of two sessions (measure/rates.ts).
 */
export function tQuantile(z: number, nu: number): number {
  if (!(nu >= 1)) return Infinity;
  if (nu < 3) {
    const q = normalUpperTail(z);
    return Math.floor(nu) === 1 ? 1 / Math.tan(Math.PI * q) : (1 - 2 * q) / Math.sqrt(2 * q * (1 - q));
  }
  const z2 = z * z;
  return (
    z +
    (z * (z2 + 1)) / (4 * nu) +
    (z * (5 * z2 * z2 + 16 * z2 + 3)) / (96 * nu * nu) +
    (z * (3 * z2 * z2 * z2 + 19 * z2 * z2 + 17 * z2 - 15)) / (384 * nu * nu * nu) +
    (z * (79 * z2 ** 4 + 776 * z2 ** 3 + 1482 * z2 * z2 - 1920 * z2 - 945)) / (92160 * nu ** 4)
  );
}

/**
 * Fewest sessions for a t-interval of a mean over sessions. Below 5 the 99% t quantile is more
 * than twice the normal one (5.84 at 4 sessions, 9.92 at 3, 63.7 at 2): the interval then
 * reflects the quantile more than the data, and on two sessions it spans several times the
 * quantity's range. With fewer sessions the mean is printed alone, with TOO_FEW_FOR_INTERVAL.
 */
export const MIN_SESSIONS_FOR_INTERVAL = 5;
/** What a report prints in place of an interval it does not compute. */
export const TOO_FEW_FOR_INTERVAL = 'too few sessions for an interval';
/** The range of a share (β, a rate, an agreement): intervals are cut to it. */
export const UNIT_RANGE: readonly [number, number] = [0, 1];

/** A mean over sessions and its interval (null: too few sessions, MIN_SESSIONS_FOR_INTERVAL). */
export interface MeanInterval {
  mean: number;
  ci: [number, number] | null;
}

/**
 * Mean of per-session values with its t-interval at level z (99% by default), cut to `range`,
 * where the quantity lives (the true mean lies in it, so the cut loses no coverage). Fewer than
 * MIN_SESSIONS_FOR_INTERVAL values: the mean and no interval.
 */
export function meanInterval(xs: readonly number[], range: readonly [number, number] = [-Infinity, Infinity], z = Z99): MeanInterval {
  const S = xs.length;
  const mean = S ? xs.reduce((a, b) => a + b, 0) / S : NaN;
  if (S < MIN_SESSIONS_FOR_INTERVAL) return { mean, ci: null };
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (S - 1));
  const half = (tQuantile(z, S - 1) * sd) / Math.sqrt(S);
  return { mean, ci: [Math.max(range[0], mean - half), Math.min(range[1], mean + half)] };
}

/** `x [lo, hi]` to d decimals, or `x` alone when there is no interval (meanInterval's null). */
export const meanText = (x: number, ci: readonly [number, number] | null, d = 3): string => (ci ? `${x.toFixed(d)} [${ci[0].toFixed(d)}, ${ci[1].toFixed(d)}]` : x.toFixed(d));

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
