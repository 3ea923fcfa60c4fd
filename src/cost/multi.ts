/**
 * Multiple targets: what one attack run gains when it may hit any of several
 * targets that share A.
 *
 * - Primal route, L label columns. Each column j is its own LPN instance over the same A, with
 *   a binomial error weight t_j ~ Bin(m, θ), independent across columns. One elimination per
 *   iteration serves all L columns (multi-right-hand-side), so an iteration succeeds on SOME
 *   column with probability ≤ Σ_j P(t_j), whose mean over sessions is L·E_t[P(t)] — and E_t[P(t)]
 *   is dominated by light columns: for Prange P(t) grows by ≈ m/(m−n) = 4/3 per error fewer,
 *   so E_t[P(t)] ≈ P(θm)·(4/3)^{θm}(1 − θ/4)^m, ≈ 2^15 above P(θm) at n ≈ 5000.
 * - Dual route, a session's challenges x*_i = r_iᵀA: decoding one out of many (N. Sendrier,
 *   "Decoding one out of many", PQCrypto 2011): Stern's second list holds the sums of each
 *   target's syndrome with the Y-combinations, so an iteration succeeds with probability
 *   T·P for T targets used, and pays T× for that list and for the collisions.
 *
 * The security figure is cost per success, the standard (time / success probability) measure:
 * for a run of k iterations, Pr[some target broken] = 1 − E[(1 − P(t))^k]^T is concave in k
 * with slope T·E_t[P(t)] at 0, so k / Pr[success] ≥ 1 / (T·E_t[P(t)]) for every budget k
 * (`log2ProbSomeBroken` gives the exact probability; test/cost.multi.test.ts and the slow
 * tests check it against real breaks). Iterations × the per-iteration bit operations below,
 * with T optimised over powers of two up to the targets available.
 *
 * Per-iteration bit operations with T targets (isd.ts's model plus the targets' share):
 * G + ℓ·(L1 + T·L2) for the lists + 2p(N−K)·L1·T·L2/2^ℓ for the collisions
 * + T·(N−K)·max(ℓ, 1) for transforming each target's syndrome (ℓ bits of U·s_i, N−K bit
 * operations each; Prange, ℓ = 0, transforms the whole syndrome: T·(N−K)²). Memory: the two
 * lists, L1 + T·L2 entries of ℓ + p·log2 N bits.
 *
 * The whole session (every column) is priced by `log2TrialsAllBroken`; every challenge on the
 * dual route costs challenges × one (decoding one out of many helps only the first).
 */
import { log2Binom, log2SumExp2 } from '../stats.ts';
import { collisionIsdLog2Success, ellSearchDone, type CollisionVariant } from './isd.ts';


/** An error weight law: weights W with log2 Pr[W]. A point mass is [{ W, log2Pr: 0 }]. */
export type WeightLaw = { W: number; log2Pr: number }[];

/** log2 pmf of Bin(m, θ) at every weight whose mass is above 2^-lowBits. */
export function binomialLaw(m: number, theta: number, lowBits = 400): WeightLaw {
  const law: WeightLaw = [];
  const hi = Math.min(m, Math.ceil(m * theta + 12 * Math.sqrt(m * theta * (1 - theta))));
  for (let t = 0; t <= hi; t++) {
    const lp = log2Binom(m, t) + t * Math.log2(theta) + (m - t) * Math.log2(1 - theta);
    if (lp > -lowBits) law.push({ W: t, log2Pr: lp });
  }
  return law;
}

/**
 * The part of a law that matters to E_W[P(W)] on an [N, K] code: the weights whose term
 * Pr[W]·P_Prange(W) is within 2^-dropBits of the largest, widened by 2·pMax below (Stern with
 * p ones per half shifts the weights it favours by 2p). Saves the optimiser most of the law.
 */
export function relevantLaw(law: WeightLaw, N: number, K: number, pMax = 12, dropBits = 80): WeightLaw {
  const term = law.map(({ W, log2Pr }) => log2Pr + log2Binom(N - K, W) - log2Binom(N, W));
  const top = Math.max(...term);
  if (top === -Infinity) return law; // no weight can be decoded at all: every attack is unpriced
  const keep = law.filter((_, i) => term[i] > top - dropBits).map((x) => x.W);
  const lo = Math.min(...keep) - 2 * pMax;
  const hi = Math.max(...keep);
  return law.filter(({ W }) => W >= lo && W <= hi);
}

/** A multi-target SD setting: length N, dimension K, each target's weight law, how many targets. */
export interface MultiInstance {
  N: number;
  K: number;
  law: WeightLaw;
  targets: number;
}

/**
 * log2 E_W[2^lists · C(R, W − q) / C(N, W)]: the mean over the law of a success probability of
 * the form every ISD here has (Prange: lists = 0, q = 0, R = N − K; Stern/Dumer: lists =
 * log2 C(h1, p)C(h2, p), q = 2p, R = N − K − ℓ; BJMM: lists = log2 C(K + ℓ, p), q = p). Over a
 * run of consecutive weights the ratio C(R, W−q)/C(N, W) is updated from one W to the next
 * (the same terms with ~100× fewer log-gamma calls; test/cost.multi.test.ts compares them).
 */
export function log2MeanOverLaw(law: WeightLaw, N: number, R: number, q: number, lists: number): number {
  const terms: number[] = [];
  let prevW = -2;
  let ratio = 0; // log2 C(R, W−q) − log2 C(N, W) at W = prevW
  for (const { W, log2Pr } of law) {
    const k = W - q;
    if (k < 0 || k > R) {
      prevW = -2;
      continue;
    }
    if (W === prevW + 1 && k >= 1) ratio += Math.log2((R - k + 1) / k) - Math.log2((N - W + 1) / W);
    else ratio = log2Binom(R, k) - log2Binom(N, W);
    prevW = W;
    terms.push(log2Pr + lists + ratio);
  }
  return log2SumExp2(terms);
}

/** log2 E_W[P(W)] for Prange (p = ℓ = 0) or Stern/Dumer: isd.ts's `collisionIsdLog2Success` averaged over the law. */
export function log2MeanSuccess(variant: CollisionVariant, inst: MultiInstance, p: number, ell: number): number {
  const span = variant === 'stern' ? inst.K : inst.K + ell;
  const lists = log2Binom(Math.floor(span / 2), p) + log2Binom(span - Math.floor(span / 2), p);
  return log2MeanOverLaw(inst.law, inst.N, inst.N - inst.K - ell, 2 * p, lists);
}

export interface MultiTargetCost {
  variant: 'prange' | CollisionVariant;
  p: number;
  ell: number;
  /** Targets one run uses (≤ the targets available). */
  targetsUsed: number;
  /** log2 of expected iterations per success, 1 / (T·E[P]). */
  log2Trials: number;
  log2BitOps: number;
  /** log2 of the memory (bits) the lists take: (L1 + T·L2) entries of ℓ + p·log2(N) bits. */
  log2MemoryBits: number;
}

/** Cost per success for fixed p, ℓ and T targets used (p = 0: Prange). */
export function multiTargetCost(
  variant: CollisionVariant,
  inst: MultiInstance,
  p: number,
  ell: number,
  targetsUsed: number,
  log2G: number,
  log2Success = log2MeanSuccess(variant, inst, p, ell),
): MultiTargetCost {
  const { N, K } = inst;
  const span = variant === 'stern' ? K : K + ell;
  const logT = Math.log2(targetsUsed);
  const log2Trials = Math.max(0, -(log2Success + logT));
  const terms = [log2G];
  let log2MemoryBits = 0;
  if (p === 0) {
    terms.push(logT + 2 * Math.log2(N - K));
  } else {
    const l1 = log2Binom(Math.floor(span / 2), p);
    const l2 = log2Binom(Math.ceil(span / 2), p);
    terms.push(logT + Math.log2(N - K) + Math.log2(Math.max(ell, 1)));
    if (ell > 0) terms.push(Math.log2(ell) + log2SumExp2([l1, logT + l2]));
    terms.push(Math.log2(2 * p * (N - K)) + l1 + logT + l2 - ell);
    log2MemoryBits = log2SumExp2([l1, logT + l2]) + Math.log2(ell + p * Math.log2(N));
  }
  const perIter = log2SumExp2(terms);
  return { variant: p === 0 ? 'prange' : variant, p, ell, targetsUsed, log2Trials, log2BitOps: log2Trials + perIter, log2MemoryBits };
}

/** Powers of two up to n, and n itself: the target counts an optimiser tries. */
export function targetCounts(n: number): number[] {
  const out: number[] = [];
  for (let t = 1; t < n; t *= 2) out.push(t);
  out.push(n);
  return out;
}

/** The cheapest cost per success of Prange (variant ignored) or Stern/Dumer with p ≤ pMax, ℓ and T optimised. */
export function optimiseMultiTarget(variant: 'prange' | CollisionVariant, inst: MultiInstance, log2G: number, pMax = 12): MultiTargetCost {
  const counts = targetCounts(inst.targets);
  inst = { ...inst, law: relevantLaw(inst.law, inst.N, inst.K, pMax) };
  const v: CollisionVariant = variant === 'prange' ? 'stern' : variant;
  const bestOver = (p: number, ell: number, best: MultiTargetCost | null): MultiTargetCost => {
    const s = log2MeanSuccess(v, inst, p, ell);
    let b = best;
    for (const T of counts) {
      const c = multiTargetCost(v, inst, p, ell, T, log2G, s);
      if (!b || c.log2BitOps < b.log2BitOps) b = c;
    }
    return b!;
  };
  let best = bestOver(0, 0, null);
  if (variant === 'prange') return best;
  const maxW = Math.max(...inst.law.map((x) => x.W));
  const typicalW = inst.law.reduce((a, b) => (b.log2Pr > a.log2Pr ? b : a)).W;
  for (let p = 1; p <= Math.min(pMax, Math.floor(maxW / 2)); p++) {
    for (let ell = 0; ell <= inst.N - inst.K - (typicalW - 2 * p); ell++) {
      best = bestOver(p, ell, best);
      if (ellSearchDone(v, { N: inst.N, K: inst.K, W: typicalW }, p, ell) && ell > Math.log2(inst.targets) + 1) break;
    }
  }
  return best;
}

/** E_W[(1 − P(W))^k]: one target of weight law `law` still unbroken after k iterations. */
function lawMiss(law: WeightLaw, successOf: (W: number) => number, k: number): number {
  let miss = 0;
  for (const { W, log2Pr } of law) miss += 2 ** log2Pr * Math.exp(k * Math.log1p(-Math.min(successOf(W), 1 - 1e-16)));
  return miss;
}

/**
 * Pr[a run of k iterations breaks at least one of T independent targets], each target's
 * weight drawn from the law and each iteration succeeding on it independently with P(W):
 * 1 − (E_W[(1 − P(W))^k])^T. What the real-break tests compare their counts with.
 */
export function probSomeBroken(law: WeightLaw, successOf: (W: number) => number, k: number, T: number): number {
  return 1 - Math.min(1, lawMiss(law, successOf, k)) ** T;
}

/** Pr[W ≤ t] for every weight of the law (its running sum). */
function lawCdf(law: WeightLaw): number[] {
  let c = 0;
  return law.map(({ log2Pr }) => (c += 2 ** log2Pr));
}

/**
 * The median weight of the lightest of L columns with weights from the law: the smallest t
 * with Pr[min ≤ t] = 1 − (1 − Pr[W ≤ t])^L ≥ 1/2 (what a typical session's weakest column has).
 */
export function medianLightest(law: WeightLaw, L: number): number {
  const cdf = lawCdf(law);
  for (let i = 0; i < law.length; i++) if (1 - (1 - Math.min(1, cdf[i])) ** L >= 0.5) return law[i].W;
  return law[law.length - 1].W;
}

/**
 * Cost per success of breaking ALL T targets (the whole session key on the primal route: every
 * column) with fixed p, ℓ, each iteration serving all T: min over budgets k of
 * k / Pr[all broken within k], Pr = (1 − E_W[(1 − P(W))^k])^T, over a grid of log2 k with
 * step 1/8. Returns log2 iterations per success.
 */
export function log2TrialsAllBroken(variant: CollisionVariant, inst: MultiInstance, p: number, ell: number): number {
  const succ = (W: number) => 2 ** collisionIsdLog2Success(variant, { N: inst.N, K: inst.K, W }, p, ell);
  const one = -log2MeanSuccess(variant, inst, p, ell);
  let best = Infinity;
  for (let lk = Math.max(0, one - 8); lk <= one + 40; lk += 1 / 8) {
    // log2 Pr[all broken] = T·log2(1 − miss), in logs: Pr itself underflows for many targets.
    const hit = 1 - Math.min(1, lawMiss(inst.law, succ, 2 ** lk));
    if (hit > 0) best = Math.min(best, lk - inst.targets * Math.log2(hit));
  }
  return best;
}

/** Pr[a run of k iterations breaks all T independent targets]: (1 − E_W[(1 − P(W))^k])^T. */
export function probAllBroken(law: WeightLaw, successOf: (W: number) => number, k: number, T: number): number {
  return (1 - Math.min(1, lawMiss(law, successOf, k))) ** T;
}

/**
 * How many targets one dual Stern iteration should take at a fixed (p, ℓ): the smallest power
 * of two (≤ 1024) whose cost per success under `multiTargetCost` (G = n^2.8) is within half a
 * bit of the best. Past a few targets each one adds a full Y-side pass, so the gain saturates
 * (≈ 1.3 bits at n = 256) while an iteration grows T× longer than a budget slice. What Eve's
 * dual route runs (src/eve/dual.ts).
 */
export function dualTargetsPerIteration(m: number, n: number, w: number, plan: { p: number; ell: number }): number {
  const inst: MultiInstance = { N: m, K: m - n, law: [{ W: w, log2Pr: 0 }], targets: 1024 };
  const s = log2MeanSuccess('stern', inst, plan.p, plan.ell);
  const costs = targetCounts(1024).map((T) => ({ T, bits: multiTargetCost('stern', inst, plan.p, plan.ell, T, 2.8 * Math.log2(n), s).log2BitOps }));
  const best = Math.min(...costs.map((c) => c.bits));
  return costs.find((c) => c.bits <= best + 0.5)!.T;
}
