/**
 * Density evolution for LDPC ensembles on the binary symmetric channel: the
 * BP threshold of an irregular ensemble (λ, ρ), used to choose and to verify the degree
 * distributions of reconcile.ts.
 *
 * Method: sampled ("Monte-Carlo" or population-dynamics) density evolution (Richardson &
 * Urbanke, "The capacity of low-density parity-check codes under message-passing decoding",
 * IEEE T-IT 47(2), 2001, §III, whose densities this samples; Mézard & Montanari, "Information,
 * Physics, and Computation", OUP 2009, §14.6.4, for the population method). By channel symmetry
 * the all-zero word is assumed: a channel LLR is +L with probability 1 − e and −L with
 * probability e, L = log((1 − e)/e). A pool of P variable-to-check messages stands for their
 * density; each iteration draws every check-to-variable message from d − 1 pool entries (d from
 * ρ, edge perspective: tanh rule) and every new variable message from a channel sample plus
 * d − 1 check messages (d from λ). The ensemble decodes at e when the pool's error fraction
 * reaches 0 and its mean LLR grows past LLR_DONE; it fails when the error fraction stalls.
 * Exact as P → ∞; with P = 2^15 a threshold is resolved to about ±0.002 in e (the regular
 * (3, 6) ensemble gives 0.084 against 0.084 in Richardson–Urbanke Table I).
 *
 * Degree distributions are edge-perspective: `lambda[k] = [degree, λ_d]`, Σ λ_d = 1.
 * Design rate R = 1 − (Σ ρ_d/d)/(Σ λ_d/d); the syndrome coder's efficiency at e is
 * f = (1 − R)/h(e), so a threshold e* gives the asymptotic f = (1 − R)/h(e*).
 */
import type { Rng } from '../../rng.ts';
import { h2 } from '../../stats.ts';

/** Edge-perspective degree distribution: [degree, fraction of edges]. */
export type EdgeDistribution = readonly (readonly [number, number])[];

/** Σ λ_d / d: variables per edge. */
const perEdge = (d: EdgeDistribution): number => d.reduce((s, [k, f]) => s + f / k, 0);

/** Design rate 1 − (Σρ_d/d)/(Σλ_d/d). */
export const designRate = (lambda: EdgeDistribution, rho: EdgeDistribution): number => 1 - perEdge(rho) / perEdge(lambda);

/** Node-perspective fractions (share of variables of each degree) from edge-perspective λ. */
export function nodeFractions(lambda: EdgeDistribution): [number, number][] {
  const t = perEdge(lambda);
  return lambda.map(([d, f]) => [d, f / d / t]);
}

/** Edge-perspective from node-perspective fractions. */
export function edgeFractions(nodes: EdgeDistribution): [number, number][] {
  const t = nodes.reduce((s, [d, f]) => s + d * f, 0);
  return nodes.map(([d, f]) => [d, (d * f) / t]);
}

/**
 * The check-concentrated ρ for a given λ and design rate: every check of degree ⌊d̄⌋ or ⌈d̄⌉,
 * d̄ = E/M = 1/((Σλ_d/d)·(1 − R)), in edge perspective.
 */
export function concentratedRho(lambda: EdgeDistribution, rate: number): [number, number][] {
  const dbar = 1 / (perEdge(lambda) * (1 - rate)); // mean check degree
  const lo = Math.floor(dbar);
  if (dbar === lo) return [[lo, 1]];
  // Node fractions a (degree lo), 1 − a (lo + 1) with mean dbar: a = lo + 1 − dbar.
  const a = lo + 1 - dbar;
  return edgeFractions([
    [lo, a],
    [lo + 1, 1 - a],
  ]);
}

/** Stability bound (RSU 2001 Thm 5): λ₂ ≤ 1/(ρ'(1)·B), B = 2√(e(1−e)) for the BSC. */
export function stabilityBound(rho: EdgeDistribution, e: number): number {
  const rhoPrime = rho.reduce((s, [d, f]) => s + f * (d - 1), 0);
  return 1 / (rhoPrime * 2 * Math.sqrt(e * (1 - e)));
}

/** Cumulative table for sampling a degree from an edge distribution with a u32. */
function sampler(dist: EdgeDistribution): (u: number) => number {
  const tot = dist.reduce((s, [, f]) => s + f, 0);
  const cum: number[] = [];
  let c = 0;
  for (const [, f] of dist) cum.push((c += f / tot) * 2 ** 32);
  return (u) => {
    for (let i = 0; i < cum.length - 1; i++) if (u < cum[i]) return dist[i][0];
    return dist[dist.length - 1][0];
  };
}

/** Mean LLR past which the pool counts as decoded. */
const LLR_DONE = 30;
/** Messages are clipped here (beyond it, tanh is 1 in double precision anyway). */
const LLR_CLIP = 60;

export interface DeOptions {
  /** Pool size P (default 2^15). */
  pool?: number;
  /** Iterations before giving up (default 400). */
  maxIter?: number;
}

/**
 * Does BP on the (λ, ρ) ensemble decode the BSC(e)? Returns the outcome and the iterations
 * used. `rng` draws the channel and the pool indices (seeded: the result is reproducible).
 */
export function decodesAt(lambda: EdgeDistribution, rho: EdgeDistribution, e: number, rng: Rng, opts: DeOptions = {}): { ok: boolean; iterations: number; errorFraction: number } {
  const P = opts.pool ?? 1 << 15;
  const maxIter = opts.maxIter ?? 400;
  const L = Math.log((1 - e) / e);
  const eCut = e * 2 ** 32;
  const chan = (): number => (rng.u32() < eCut ? -L : L);
  const pick = (): number => rng.u32() % P;
  const dv = sampler(lambda);
  const dc = sampler(rho);
  let v = Float64Array.from({ length: P }, chan);
  let c = new Float64Array(P);
  let best = 1;
  let stall = 0;
  let err = 1;
  for (let it = 1; it <= maxIter; it++) {
    for (let i = 0; i < P; i++) {
      const d = dc(rng.u32());
      let prod = 1;
      for (let k = 1; k < d; k++) prod *= Math.tanh(v[pick()] / 2);
      const m = 2 * Math.atanh(Math.max(-1 + 1e-15, Math.min(1 - 1e-15, prod)));
      c[i] = m;
    }
    const nv = new Float64Array(P);
    let wrong = 0;
    let sum = 0;
    for (let i = 0; i < P; i++) {
      const d = dv(rng.u32());
      let x = chan();
      for (let k = 1; k < d; k++) x += c[pick()];
      x = Math.max(-LLR_CLIP, Math.min(LLR_CLIP, x));
      nv[i] = x;
      if (x < 0 || (x === 0 && (rng.u32() & 1))) wrong++;
      sum += x;
    }
    v = nv;
    err = wrong / P;
    if (wrong === 0 && sum / P > LLR_DONE) return { ok: true, iterations: it, errorFraction: 0 };
    // Stalled: no progress on the best error fraction for a long stretch.
    if (err < best * 0.999) {
      best = err;
      stall = 0;
    } else if (++stall > 40) return { ok: false, iterations: it, errorFraction: err };
    c = new Float64Array(P);
  }
  return { ok: false, iterations: maxIter, errorFraction: err };
}

/** BP threshold e* (bisection on [lo, hi], `steps` halvings; fresh seeded stream per point). */
export function threshold(lambda: EdgeDistribution, rho: EdgeDistribution, rngFor: (e: number) => Rng, lo = 0.001, hi = 0.5, steps = 12, opts: DeOptions = {}): number {
  for (let s = 0; s < steps; s++) {
    const mid = (lo + hi) / 2;
    if (decodesAt(lambda, rho, mid, rngFor(mid), opts).ok) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Asymptotic syndrome-coding efficiency of a rate-R ensemble with threshold e*: (1 − R)/h(e*). */
export const thresholdEfficiency = (rate: number, eStar: number): number => (1 - rate) / h2(eStar);
