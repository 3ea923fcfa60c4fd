/**
 * The block size progressive BKZ needs for primal uSVP at small β, predicted probabilistically
 * (D. Dachman-Soled, L. Ducas, H. Gong, M. Rossi, "LWE with side information: attacks and
 * concrete security estimation", CRYPTO 2020, §4.3–4.4 and their leaky-LWE-Estimator,
 * github.com/lducas/leaky-LWE-Estimator, framework/utils.sage `compute_beta_delta` with
 * probabilistic=True). The 2016 condition of lwe.ts (`usvpSucceeds`) compares the *expected*
 * projected target with the GSA's b*_{d−β}; at small β both assumptions fail: the reduced
 * profile is not one line (the q-vectors hold its head at q, the "Z-shape"), and the projected
 * target ‖π_{d−β}(t)‖² is a χ²_β whose relative spread √(2/β) is 50% at β = 8, so BKZ often meets it
 * well before the expectation says. Here instead (lengths in units of σ_e, so t is about a
 * standard Gaussian vector of the d-dimensional space):
 *
 * 1. The start (β = 2): the LLL basis as a GSA line of root-Hermite factor δ_2 = 1.0219 (the
 *    estimator's measured value, bkz.ts `rootHermite`), capped at q/σ_e: the Kannan embedding's
 *    q-vectors stay in front until reduction finds shorter ones (the "Z-shape"; the leaky
 *    estimator starts from the plain line, which at toy sizes would put b*_0 above q).
 * 2. After the tour at β of progressive BKZ (β = 2, 3, …, one tour each), the profile is the
 *    same Z-shaped line at δ_β, the estimator's BKZ-β value: one tour on a basis already reduced
 *    with β − 1 brings it to about where BKZ-β converges. This is the GSA profile the leaky
 *    estimator's non-probabilistic `compute_beta_delta` uses; its probabilistic mode instead
 *    simulates one tour per β from the δ_2 line (`simBKZ`: block [k, k + β) gets ‖b*_k‖ = GH of
 *    the block from Chen–Nguyen's HKZ tail, cn11.ts `log2GhUnit`, the loss spread over the rest
 *    of the block). That simulation, kept as `profile: 'tours'`, lags the reduction measured
 *    here (scripts/bench/smallbeta.ts prints both against our BKZ's profiles at n = 26): a block
 *    of entries on the q-cap has its GH above them, so the simulated head stays on the cap
 *    while the real one leaves it within the first tours, and by volume the real tail stands
 *    ≈ 0.3 (log2) higher at β = 8 … 12; the δ_β line tracks the measured profile within
 *    ≈ 0.15 from β = 6 on. With the simulation, the predicted mean β was a third too high at
 *    n = 26 and 30; with the δ_β line it is within the test's tolerance at n = 18 … 30.
 * 3. On the profile after the tour at β, BKZ-β finds π_{d−β}(t) with probability
 *    P[χ²_β ≤ ‖b*_{d−β}‖²], and lifts it through the earlier blocks, each lift j from index
 *    i' = i + β − 1 to i = d − j(β − 1) − 1 succeeding with
 *    P[χ²_{d−i} ≤ ‖b*_i‖² | the χ²_{d−i'} part ≤ ‖b*_{i'}‖²] (integrated numerically). (The
 *    leaky estimator's code conditions on d − i + β − 1 coordinates; the part already lifted
 *    has d − i − (β − 1), which is used here.)
 * 4. p_β = that product; the first success is at β with probability p_β · Π_{β'<β}(1 − p_β').
 *    The prediction is that distribution: its mean (the paper's "expected β"), standard
 *    deviation, median and quartiles. The authors validate the mean against progressive BKZ
 *    (one tour per β, as here) averaged over instances (§5.2; Sec5.2_validation/
 *    compare_usvp_models.sage, LWE with n = 30 … 98) and report agreement within a few units.
 *
 * The large-parameter figures of lwe.ts (the estimator's GSA condition, β ≥ 40) are not
 * touched: this module is a separate prediction for small instances, reported beside them.
 */
import { lnGamma } from '../stats.ts';
import { rootHermite } from './bkz.ts';
import { log2GhUnit } from './cn11.ts';
import { usvpSucceeds, type LweParams } from './lwe.ts';

/** Regularized lower incomplete gamma P(a, x) (series below a + 1, continued fraction above). */
export function gammaP(a: number, x: number): number {
  if (!(x > 0)) return 0;
  if (x === Infinity) return 1;
  const lnPre = a * Math.log(x) - x - lnGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 10_000; k++) {
      term *= x / (a + k);
      sum += term;
      if (term < sum * 1e-16) break;
    }
    return Math.min(1, sum * Math.exp(lnPre));
  }
  // Lentz's method on the continued fraction of Q(a, x)
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.max(0, 1 - Math.exp(lnPre) * h);
}

/** CDF of χ²_k at x. */
export function chiSquaredCdf(k: number, x: number): number {
  return gammaP(k / 2, x / 2);
}

/**
 * P[X₁ + X₂ ≤ lt | X₂ ≤ l2] for independent X₁ ~ χ²_{d1}, X₂ ~ χ²_{d2}: X₂'s law below l2 cut
 * into 5(d1 + d2) slices, X₁'s CDF at the rest.
 */
export function conditionalChiSquared(d1: number, d2: number, lt: number, l2: number): number {
  const below = chiSquaredCdf(d2, l2);
  if (below === 0) return chiSquaredCdf(d1 + d2, lt);
  const steps = 5 * (d1 + d2);
  let p = 0;
  let prev = 0;
  for (let i = 1; i <= steps; i++) {
    const cur = chiSquaredCdf(d2, (i * l2) / steps);
    p += ((cur - prev) / below) * chiSquaredCdf(d1, lt - ((i - 0.5) * l2) / steps);
    prev = cur;
  }
  return p;
}

/** One simulated BKZ-β tour on a log2 profile (step 2 of the header), in place. */
export function simTourSpread(l: number[], beta: number): void {
  const d = l.length;
  for (let k = 0; k < d - 1; k++) {
    const f = Math.min(k + beta, d);
    const dim = f - k;
    let vol = 0;
    for (let i = k; i < f; i++) vol += l[i];
    const gh = vol / dim + log2GhUnit(dim);
    if (gh >= l[k]) continue;
    const diff = l[k] - gh;
    l[k] = gh;
    for (let i = k + 1; i < f; i++) l[i] += diff / (f - k - 1);
  }
}

/**
 * The LLL start (step 1): log2 lengths of a GSA line of factor δ with the first entries capped
 * at `cap`, of total `log2Vol`.
 */
export function zShapeGsa(d: number, log2Vol: number, delta: number, cap: number): number[] {
  const slope = 2 * Math.log2(delta);
  const total = (head: number) => {
    let s = 0;
    for (let i = 0; i < d; i++) s += Math.min(cap, head - i * slope);
    return s;
  };
  // total(head) increases with head; bisect for the volume
  let lo = log2Vol / d - d * slope;
  let hi = log2Vol / d + d * slope + Math.abs(cap);
  for (let it = 0; it < 200; it++) {
    const mid = (lo + hi) / 2;
    if (total(mid) < log2Vol) lo = mid;
    else hi = mid;
  }
  return Array.from({ length: d }, (_, i) => Math.min(cap, hi - i * slope));
}

/**
 * Step 3 on a log2 profile in units of σ_e (simulated, or measured after a real tour): the
 * probability that BKZ-β reveals the target, P[χ²_β ≤ ‖b*_{d−β}‖²] times the lifting factor.
 */
export function revealProbability(l: readonly number[], beta: number, lift = true): number {
  const d = l.length;
  const len2 = (i: number) => 2 ** (2 * l[i]);
  let pb = chiSquaredCdf(beta, len2(d - beta));
  if (lift) {
    for (let j = 2; j <= Math.floor(d / beta) && pb > 0; j++) {
      const i = d - j * (beta - 1) - 1;
      const known = d - (i + beta - 1);
      pb *= conditionalChiSquared(beta - 1, known, len2(i), len2(i + beta - 1));
    }
  }
  return pb;
}

/** Step 2's profile models: the δ_β line (the prediction's) or the leaky estimator's tours. */
export type SmallBetaProfileModel = 'gsa' | 'tours';

/**
 * The profiles (log2 ‖b*_i‖ in units of σ_e) step 3 is evaluated on, for β = 2 … maxBeta
 * (entry β − 2): under 'gsa', the Z-shaped line of δ_β; under 'tours', one simulated tour per β
 * from the Z-shaped line of δ_2 (the leaky estimator's `simBKZ`, kept to show what it misses).
 */
export function simulatedProfiles(
  p: LweParams,
  samples: number,
  maxBeta: number,
  model: SmallBetaProfileModel = 'gsa',
): number[][] {
  const d = samples + p.n + 1;
  const xi = p.sigmaS < p.sigmaE ? p.sigmaE / p.sigmaS : 1;
  const s = p.sigmaE;
  // Volume of the embedding scaled by 1/σ_e: q^samples · ξ^n · τ / σ_e^d, τ = σ_e.
  const log2Vol = samples * Math.log2(p.q) + p.n * Math.log2(xi) + Math.log2(s) - d * Math.log2(s);
  const cap = Math.log2(p.q / s);
  const out: number[][] = [];
  if (model === 'gsa') {
    for (let beta = 2; beta <= maxBeta; beta++) {
      out.push(zShapeGsa(d, log2Vol, rootHermite(beta), cap));
    }
    return out;
  }
  const l = zShapeGsa(d, log2Vol, rootHermite(2), cap);
  for (let beta = 2; beta <= maxBeta; beta++) {
    simTourSpread(l, beta);
    out.push([...l]);
  }
  return out;
}

/** The predicted law of the first β at which progressive BKZ reveals the target. */
export interface SmallBetaPrediction {
  /** Lattice dimension (samples + n + 1). */
  d: number;
  /** First-success probabilities, from β = 2; the mass left after the last is `rest`. */
  pmf: { beta: number; p: number }[];
  rest: number;
  /** The mean (the leaky estimator's figure), its standard deviation, the median, the quartiles. */
  mean: number;
  sd: number;
  median: number;
  q1: number;
  q3: number;
}

/**
 * The probabilistic small-β prediction (header) for primal uSVP on Kannan's embedding of
 * LWE(n, q, σ_s, σ_e) with `samples` rows (d = samples + n + 1), embedding factor τ = σ_e,
 * the secret scaled by ξ = σ_e/σ_s as in lwe.ts. `lift` false drops step 3's lifting factor;
 * `profile` picks step 2's model (default 'gsa').
 */
export function predictUsvpBeta(
  p: LweParams,
  samples: number,
  opts: { lift?: boolean; profile?: SmallBetaProfileModel } = {},
): SmallBetaPrediction {
  const lift = opts.lift ?? true;
  const d = samples + p.n + 1;
  const profiles = simulatedProfiles(p, samples, d - 1, opts.profile);
  const pmf: { beta: number; p: number }[] = [];
  let rest = 1;
  for (let beta = 2; beta < d && rest > 1e-4; beta++) {
    const pb = revealProbability(profiles[beta - 2], beta, lift);
    pmf.push({ beta, p: rest * pb });
    rest *= 1 - pb;
  }
  return { d, pmf, rest, ...summarise(pmf, rest, d) };
}

/** Mean, median and quartiles of a first-success law (mass left over counted at d). */
function summarise(pmf: readonly { beta: number; p: number }[], rest: number, d: number) {
  let mean = rest * d;
  let second = rest * d * d;
  for (const { beta, p } of pmf) {
    mean += beta * p;
    second += beta * beta * p;
  }
  const sd = Math.sqrt(Math.max(0, second - mean * mean));
  const quantile = (u: number) => {
    let c = 0;
    for (const { beta, p } of pmf) {
      c += p;
      if (c >= u) return beta;
    }
    return d;
  };
  return { mean, sd, median: quantile(0.5), q1: quantile(0.25), q3: quantile(0.75) };
}

/**
 * The 2016 condition of lwe.ts (`usvpSucceeds`, GSA) at the same lattice: the least β ≥ 2 at
 * which it holds for d = samples + n + 1 (NaN if none below d), to set beside the prediction.
 */
export function gsaUsvpBeta(p: LweParams, samples: number): number {
  const d = samples + p.n + 1;
  for (let beta = 2; beta < d; beta++) if (usvpSucceeds(p, beta, d)) return beta;
  return NaN;
}
