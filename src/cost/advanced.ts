/**
 * Representation-based and nearest-neighbour ISD on an [N, K] code with an error of weight W,
 * in the per-iteration bit-operation model of isd.ts (G for the elimination,
 * the caller passes log2 G). BJMM takes multi.ts's multi-target settings (a weight law and a
 * number of targets; a point law and one target is the single-target case); May–Ozerov is single target.
 *
 * - MMT / BJMM, depth 2 (A. May, A. Meurer, E. Thomae, "Decoding random linear codes in
 *   Õ(2^{0.054n})", ASIACRYPT 2011; A. Becker, A. Joux, A. May, A. Meurer, "Decoding random
 *   binary linear codes in 2^{n/20}: how 1 + 1 = 0 improves information set decoding",
 *   EUROCRYPT 2012; finite-length form after Y. Hamdaoui, N. Sendrier, "A non asymptotic
 *   analysis of information set decoding", ePrint 2013/162, and the CryptographicEstimators
 *   SD module of Esser–Verbel–Zweydinger–Bellini). The error has weight p on the K + ℓ
 *   positions of the (extended) information set and W − p on the other N − K − ℓ:
 *       P = C(K+ℓ, p)·C(N−K−ℓ, W−p) / C(N, W)  per iteration.
 *   The weight-p part is written as a sum of two weight-p1 vectors, p1 = p/2 + ε (ε ones that
 *   cancel: BJMM's 1 + 1 = 0; ε = 0 is MMT), in R = C(p, p/2)·C(K+ℓ−p, ε) ways. Each weight-p1
 *   vector is a sum of two disjoint halves of weight p1/2: base lists L0 = C((K+ℓ)/2, p1/2).
 *   Level 1 matches ℓ1 = min(ℓ, ⌊log2 R⌋) syndrome bits (L1 = L0²/2^{ℓ1}, one representation
 *   survives on average), level 2 the other ℓ − ℓ1 (L2 = L1²/2^{ℓ−ℓ1} candidates).
 *   Per iteration: G + 4·L0·ℓ1 + 2·L1·ℓ + L2·p·(N−K) bit operations (build and merge the
 *   lists on their window bits; each candidate's weight on the N − K − ℓ other bits costs
 *   ≈ p·(N−K), as in isd.ts's collision term). Memory: max(L0, L1) entries of
 *   p1·log2(N) + ℓ bits. If fewer than one representation survives level 1 (R < 2^{ℓ1} cannot
 *   happen: ℓ1 ≤ log2 R) the success is not reduced further.
 * - May–Ozerov (A. May, I. Ozerov, "On computing nearest neighbors with applications to
 *   decoding of binary linear codes", EUROCRYPT 2015, Theorem 1) on Dumer's split without a
 *   window (ℓ = 0): two lists of L = C(K/2, p) partial syndromes in F2^d, d = N − K, and the
 *   pairs at distance W − 2p = γd are found in time 2^{y·d},
 *       y = (1 − γ)·(1 − H((h − γ/2)/(1 − γ))),  h = H^{-1}(1 − λ),  λ = log2(L)/d,
 *   (the asymptotic exponent, polynomial factors dropped, times d bit operations per step);
 *   P = C(⌊K/2⌋, p)·C(⌈K/2⌉, p)·C(N−K, W−2p)/C(N, W). In this sublinear-weight regime
 *   (γ ≈ 0.004–0.03) y·d is hardly below log2 L, so nearest neighbours gain nothing over
 *   exact matching; the row shows it.
 *
 * In the sublinear-weight regime W = o(N) every ISD variant has Prange's leading exponent
 * (Canto Torres–Sendrier, PQCrypto 2016), so these rows differ from Stern/Dumer in lower-order
 * terms only.
 */
import { h2, log2Binom, log2SumExp2 } from '../stats.ts';
import type { SdInstance } from './isd.ts';
import { log2MeanOverLaw, relevantLaw, targetCounts, type MultiInstance } from './multi.ts';

export interface AdvancedIsd {
  algorithm: 'mmt' | 'bjmm' | 'may-ozerov';
  p: number;
  ell: number;
  /** BJMM's cancelling ones per half (0 for MMT and May–Ozerov). */
  eps: number;
  /** Targets one run uses (1 for May–Ozerov, single target only). */
  targetsUsed: number;
  log2Trials: number;
  log2BitOps: number;
  log2MemoryBits: number;
}

/**
 * BJMM depth 2 at fixed p (even), ε, ℓ (ε = 0: MMT) on a multi-target setting (multi.ts; a
 * point law and one target is the single-target case); null when the parameters do not fit.
 * With T targets one base list holds every target's syndrome sums (Sendrier 2011 applied to
 * the tree): that list, the level-1 list it feeds and the candidates grow T×, and so does the
 * success; each target's syndrome costs (N−K)·ℓ to transform, as in multi.ts.
 */
export function bjmmCost(
  inst: MultiInstance,
  p: number,
  eps: number,
  ell: number,
  log2G: number,
  T = inst.targets,
  log2Mean = log2MeanOverLaw(inst.law, inst.N, inst.N - inst.K - ell, p, log2Binom(inst.K + ell, p)),
): AdvancedIsd | null {
  const { N, K } = inst;
  const W = Math.max(...inst.law.map((x) => x.W));
  const span = K + ell;
  const p1 = p / 2 + eps;
  if (p % 2 || p1 % 2 || p > W || p1 > span || ell > N - K) return null;
  const logT = Math.log2(T);
  const logR = log2Binom(p, p / 2) + log2Binom(span - p, eps);
  const ell1 = Math.min(ell, Math.floor(logR));
  const l0 = log2Binom(Math.floor(span / 2), p1 / 2);
  const l1 = 2 * l0 - ell1;
  const l2 = 2 * l1 - (ell - ell1);
  const logP = log2Mean + logT;
  if (logP === -Infinity) return null;
  const log2Trials = Math.max(0, -logP);
  const perIter = log2SumExp2([
    log2G,
    Math.log2(3 + T) + l0 + Math.log2(Math.max(1, ell1)),
    Math.log2(1 + T) + l1 + Math.log2(Math.max(1, ell)),
    logT + l2 + Math.log2(p * (N - K)),
    logT + Math.log2((N - K) * Math.max(1, ell)),
  ]);
  const log2MemoryBits = Math.max(l0, l1) + logT + Math.log2(p1 * Math.log2(N) + ell);
  return { algorithm: eps === 0 ? 'mmt' : 'bjmm', p, ell, eps, targetsUsed: T, log2Trials, log2BitOps: log2Trials + perIter, log2MemoryBits };
}

/**
 * The smallest error weight each representation-based attack can price: p ≥ 2 even with
 * p1 = p/2 + ε even, so MMT (ε = 0) needs p = 4 ones and BJMM p = 2 (ε = 1); May–Ozerov puts
 * p ≥ 1 ones in each half. Below it (a very low θ, or a small w) the attack has no parameters.
 */
export const MIN_WEIGHT = { mmt: 4, bjmm: 2, 'may-ozerov': 2 } as const;

/**
 * The cheapest BJMM (ε ≥ 0) or MMT (ε = 0) over p ≤ pMax even, ε ≤ 8, ℓ ≤ 160 and the targets
 * used; null when no parameters fit (the likeliest weight is below MIN_WEIGHT). ℓ is searched on
 * a grid of step 4, then exhaustively within ±4 of each (p, ε)'s best (the cost is unimodal in ℓ
 * at fixed p, ε to within those steps; the test compares with the exhaustive search).
 */
export function optimiseBjmm(inst: MultiInstance, log2G: number, mmtOnly = false, pMax = 24, ellStep = 4): AdvancedIsd | null {
  const law = relevantLaw(inst.law, inst.N, inst.K, pMax);
  const narrowed = { ...inst, law };
  const W = law.reduce((a, b) => (b.log2Pr > a.log2Pr ? b : a)).W; // the most likely weight
  const ellMax = Math.min(160, inst.N - inst.K - 1);
  let best: AdvancedIsd | null = null;
  const at = (p: number, eps: number, ell: number): AdvancedIsd | null => {
    const mean = log2MeanOverLaw(law, inst.N, inst.N - inst.K - ell, p, log2Binom(inst.K + ell, p));
    let b: AdvancedIsd | null = null;
    for (const T of targetCounts(inst.targets)) {
      const c = bjmmCost(narrowed, p, eps, ell, log2G, T, mean);
      if (c && (!b || c.log2BitOps < b.log2BitOps)) b = c;
    }
    return b;
  };
  for (let p = 2; p <= Math.min(pMax, W); p += 2) {
    for (let eps = 0; eps <= (mmtOnly ? 0 : 8); eps++) {
      let local: AdvancedIsd | null = null;
      for (let ell = 0; ell <= ellMax; ell += ellStep) {
        const c = at(p, eps, ell);
        if (c && (!local || c.log2BitOps < local.log2BitOps)) local = c;
      }
      if (!local) continue;
      const centre = local.ell;
      for (let ell = Math.max(0, centre - ellStep + 1); ell <= Math.min(ellMax, centre + ellStep - 1); ell++) {
        const c = at(p, eps, ell);
        if (c && c.log2BitOps < local.log2BitOps) local = c;
      }
      if (!best || local.log2BitOps < best.log2BitOps) best = local;
    }
  }
  return best;
}

/** H^{-1} on [0, 1/2], by bisection. */
function h2Inverse(y: number): number {
  let lo = 0;
  let hi = 0.5;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (h2(mid) < y) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** log2 of May–Ozerov's time for two lists of 2^log2L vectors in F2^d and target distance γd. */
export function mayOzerovLog2Time(log2L: number, d: number, gamma: number): number {
  const lambda = Math.min(log2L / d, 1);
  const h = h2Inverse(1 - lambda);
  if (gamma >= 2 * h) return 2 * log2L; // beyond the theorem's range: every pair is a candidate
  const y = (1 - gamma) * (1 - h2((h - gamma / 2) / (1 - gamma)));
  return Math.max(log2L, y * d);
}

/** May–Ozerov on Dumer's split at fixed p (ℓ = 0). */
export function mayOzerovCost({ N, K, W }: SdInstance, p: number, log2G: number): AdvancedIsd | null {
  if (2 * p > W) return null;
  const d = N - K;
  const l = log2Binom(Math.floor(K / 2), p);
  const logP = l + log2Binom(Math.ceil(K / 2), p) + log2Binom(d, W - 2 * p) - log2Binom(N, W);
  const log2Trials = Math.max(0, -logP);
  const nn = mayOzerovLog2Time(l, d, (W - 2 * p) / d) + Math.log2(d);
  const perIter = log2SumExp2([log2G, 1 + l + Math.log2(d), nn]);
  return { algorithm: 'may-ozerov', p, ell: 0, eps: 0, targetsUsed: 1, log2Trials, log2BitOps: log2Trials + perIter, log2MemoryBits: l + 1 + Math.log2(d) };
}

/** The cheapest May–Ozerov over p ≤ 12; null when W < 2 (no p fits). */
export function optimiseMayOzerov(inst: SdInstance, log2G: number): AdvancedIsd | null {
  let best: AdvancedIsd | null = null;
  for (let p = 1; p <= Math.min(12, Math.floor(inst.W / 2)); p++) {
    const c = mayOzerovCost(inst, p, log2G);
    if (c && (!best || c.log2BitOps < best.log2BitOps)) best = c;
  }
  return best;
}
