/**
 * The LWE cost model: primal uSVP, primal BDD and the dual attack on LWE(n, q, χ_s, χ_e, m),
 * each with its optimal BKZ block size β and lattice dimension d, priced by src/cost/bkz.ts.
 * It follows the lattice estimator's LWE.primal_usvp, LWE.primal_bdd and LWE.dual under its
 * default shape model, the GSA (M. Albrecht et al., github.com/malb/lattice-estimator,
 * estimator/lwe_primal.py and lwe_dual.py), so that it reproduces the estimator's published
 * figures (test/cost.lwe.test.ts). Distributions enter only through their standard deviations.
 *
 * - Normal form: if σ_e < σ_s and m ≥ 2n, the secret becomes χ_e (m − n samples); if σ_e < σ_s and
 *   m = n, secret and error swap. With σ_s ≤ σ_e the embedding also uses the n secret
 *   coordinates (Bai–Galbraith, ACISP 2014), so up to m + n rows; ξ = σ_e/σ_s scales a smaller
 *   secret up to the error's size.
 * - uSVP (`primalUsvp`): Kannan's embedding of dimension d = (samples) + n + 1 with embedding
 *   factor τ = σ_e; BKZ-β finds the unique short vector when (ADPS 2016, verified by Albrecht,
 *   Göpfert, Virdia, Wunderer, ASIACRYPT 2017)
 *       √(σ_e²(β − 1) + τ²) ≤ δ_β^{2β − d − 1} · (τ · ξ^n · q^{d − n − 1})^{1/d},
 *   the projected target against the GSA's b*_{d−β}. For each β the least such d (a quadratic
 *   in d) is used; β minimises the cost.
 * - BDD (`primalBdd`, Liu–Nguyen, CT-RSA 2013): BKZ-β on the rank-d lattice, then one SVP call
 *   of dimension η + 1 on the projected sublattice in which the target is the shortest vector
 *   (Gaussian heuristic under the GSA), plus Babai lifting (d − η)². β ranges up to the uSVP β,
 *   then d is optimised at that β, as in the estimator. The Babai lifting is taken to succeed
 *   (the estimator multiplies by its probability, ≈ 1 at these β; not modelled here).
 * - Dual (`dual`, Micciancio–Regev 2009): N short vectors w of the q-ary dual from BKZ-β on a
 *   lattice of dimension d = m' + n, with m' = ⌈√(n·ln c/ln δ)⌉ − n samples, c = σ_s q/σ_e; each
 *   ⟨w, ·⟩ is an LWE sample of relative width σ' = ρ σ_s δ^d / c^{m'/d}, distinguishable with
 *   advantage ε = exp(−2π²σ'²), and N = ⌈2 ln(0.02)/ln(1 − ε²)⌉ vectors give success 0.99.
 *
 * BKZ block sizes run from 40 (the estimator's lower end) to min(m_embed, 1754); a route is
 * Infinity when no β there succeeds. Search is exhaustive over β (the estimator searches
 * locally, so its β may differ by a few).
 */
import { lnGamma, log2SumExp2 } from '../stats.ts';
import { BKZ_MODELS, log2Bkz, rootHermite, shortVectors, type BkzModel } from './bkz.ts';
import { simulateQaryEmbedding } from './cn11.ts';

/** An LWE instance as the model sees it: dimension, modulus, standard deviations, samples. */
export interface LweParams {
  n: number;
  q: number;
  /** Standard deviation of the secret's coordinates. */
  sigmaS: number;
  /** Standard deviation of the error's coordinates. */
  sigmaE: number;
  /** Number of samples (Infinity when unlimited). */
  m: number;
}

/** One route under one BKZ model. */
export interface RouteCost {
  /** log2 of the operations; Infinity when no β ≤ the cap succeeds. */
  log2Rop: number;
  /** log2 of the BKZ part. */
  log2Red: number;
  beta: number;
  d: number;
  /** BDD: dimension of the final SVP call − 1. */
  eta?: number;
  /** Dual: log2 of the short vectors used. */
  log2N?: number;
}

export type LweRoute = 'usvp' | 'bdd' | 'dual';

/** `estimateLwe`'s answer: every route under every model, and the cheapest per model. */
export interface LweEstimate {
  params: LweParams;
  routes: Record<LweRoute, Record<BkzModel, RouteCost>>;
  cheapest: Record<BkzModel, { route: LweRoute; log2Rop: number }>;
}

/** The estimator's cap on β (2^{0.292·1754} ≈ 2^512). */
export const MAX_BETA = 1754;
const MIN_BETA = 40;
const NONE: RouteCost = { log2Rop: Infinity, log2Red: Infinity, beta: NaN, d: NaN };

/** The normal-form transformation (see the header). */
export function normalizeLwe(p: LweParams): LweParams {
  if (p.sigmaE < p.sigmaS && p.m >= 2 * p.n) return { ...p, sigmaS: p.sigmaE, m: p.m - p.n };
  if (p.sigmaE < p.sigmaS && p.m === p.n) return { ...p, sigmaS: p.sigmaE, sigmaE: p.sigmaS };
  return p;
}

/** ξ: the factor that scales a smaller secret to the error's size. */
function xiFactor(p: LweParams): number {
  return p.sigmaS < p.sigmaE ? p.sigmaE / p.sigmaS : 1;
}

/** Rows available to the embedding: m + n when the secret is no wider than the error. */
function embedRows(p: LweParams): number {
  return p.sigmaS <= p.sigmaE ? p.m + p.n : p.m;
}

/**
 * The 2016 uSVP condition for BKZ-β on Kannan's embedding of dimension d (d − n − 1 samples).
 * Exported for the lattice tests, which run BKZ on toy instances against it.
 */
export function usvpSucceeds(p: LweParams, beta: number, d: number): boolean {
  const tau = p.sigmaE;
  const lnDelta = Math.log(rootHermite(beta));
  const lhs = 0.5 * Math.log(p.sigmaE ** 2 * (beta - 1) + tau ** 2);
  const rhs =
    lnDelta * (2 * beta - d - 1) +
    (Math.log(tau) + Math.log(xiFactor(p)) * p.n + Math.log(p.q) * (d - p.n - 1)) / d;
  return lhs <= rhs;
}

/** The least d ∈ [n, rows] meeting the uSVP condition at β (Infinity if none). */
export function usvpDimension(p: LweParams, beta: number, rows: number): number {
  const tau = p.sigmaE;
  const lnDelta = Math.log(rootHermite(beta));
  const a = -lnDelta;
  const C = 0.5 * Math.log(p.sigmaE ** 2 * (beta - 1) + tau ** 2);
  const c = Math.log(tau) + p.n * Math.log(xiFactor(p)) - (p.n + 1) * Math.log(p.q);
  const b = lnDelta * (2 * beta - 1) + Math.log(p.q) - C;
  const n = p.n;
  if (a * n * n + b * n + c >= 0) return n;
  const disc = b * b - 4 * a * c;
  if (disc < 0) return Infinity;
  const d1 = (-b + Math.sqrt(disc)) / (2 * a);
  return n <= d1 ? Math.min(rows, Math.ceil(d1)) : Infinity;
}

/** uSVP at one β (the estimator's `cost_gsa`). */
function usvpAt(model: BkzModel, p: LweParams, beta: number, rows: number): RouteCost {
  let d = usvpDimension(p, beta, rows);
  if (d === Infinity) return NONE;
  if (d < beta) d = beta;
  // d = β would mean one SVP call rather than a tour: the estimator steps past the jump.
  if (d === beta && d < rows) d += 1;
  if (!usvpSucceeds(p, beta, d)) return NONE;
  const red = log2Bkz(model, beta, d);
  return { log2Rop: red, log2Red: red, beta, d };
}

function better(a: RouteCost, b: RouteCost): RouteCost {
  return b.log2Rop < a.log2Rop ? b : a;
}

function betaCap(rows: number): number {
  return Math.max(Math.min(MAX_BETA, rows), MIN_BETA);
}

/** Primal uSVP: the cheapest β and its least d. */
export function primalUsvp(params: LweParams, model: BkzModel = 'matzov'): RouteCost {
  const p = normalizeLwe(params);
  const rows = embedRows(p);
  let best = NONE;
  for (let beta = MIN_BETA; beta <= betaCap(rows); beta++) best = better(best, usvpAt(model, p, beta, rows));
  return best;
}

/**
 * uSVP under the Chen–Nguyen simulator (src/cost/cn11.ts) at one β: the target is found when
 * the simulated ‖b*_{d−β}‖² exceeds σ_e²(β − 1) + τ² (the estimator's `cost_simulator`). d is
 * the estimator's default ⌈√(n ln q/ln δ)⌉ + 1 unless given. Exported for the toy tests.
 */
export function usvpCn11At(p: LweParams, beta: number, d?: number, model: BkzModel = 'matzov'): RouteCost {
  const rows = embedRows(p);
  const lnDelta = Math.log(rootHermite(beta));
  const dim =
    d ?? Math.max(Math.min(Math.ceil(Math.sqrt((p.n * Math.log(p.q)) / lnDelta)), rows) + 1, beta);
  if (dim < beta || dim - p.n - 1 < 0) return NONE;
  const tau = p.sigmaE;
  const r = simulateQaryEmbedding(dim, p.n, p.q, beta, xiFactor(p), tau);
  if (!(r[dim - beta] > p.sigmaE ** 2 * (beta - 1) + tau ** 2)) return NONE;
  const red = log2Bkz(model, beta, dim);
  return { log2Rop: red, log2Red: red, beta, d: dim };
}

/**
 * Primal uSVP under the CN11 shape model (the estimator's red_shape_model="cn11"): β searched
 * over [0.9, 1.2] × the GSA β (at least 40), then d over [max(n, β), d].
 */
export function primalUsvpCn11(params: LweParams, model: BkzModel = 'matzov'): RouteCost {
  const p = normalizeLwe(params);
  const gsa = primalUsvp(params, model);
  const b0 = Number.isFinite(gsa.beta) ? gsa.beta : MAX_BETA;
  const lo = Math.max(b0 - Math.ceil(0.1 * b0), MIN_BETA);
  const hi = Math.max(b0 + Math.ceil(0.2 * b0), MIN_BETA);
  let best = NONE;
  for (let beta = lo; beta < hi; beta++) best = better(best, usvpCn11At(p, beta, undefined, model));
  if (!Number.isFinite(best.log2Rop)) return best;
  const beta = best.beta;
  for (let d = Math.max(p.n, beta); d <= best.d; d++) best = better(best, usvpCn11At(p, beta, d, model));
  return best;
}

/** ln of the volume of the unit ball in dimension k. */
function lnBallVolume(k: number): number {
  return (k / 2) * Math.log(Math.PI) - lnGamma(k / 2 + 1);
}

/**
 * The SVP dimension of BDD after BKZ-β (the estimator's `svp_dimension_gsa`): the least
 * projection depth at which (π(e), τ) is, by the Gaussian heuristic on the GSA profile of a
 * rank-d lattice of log-volume lnVol, the shortest vector of the projected embedding.
 */
function bddSvpDimension(d: number, lnVol: number, lnDelta: number, sigma: number): number {
  const tau = sigma;
  for (let i = 0; i < d; i++) {
    const k = d - i + 1;
    const lnProj = ((d - i) / d) * lnVol - i * (d - i) * lnDelta;
    const lnGh = (2 * lnProj + 2 * Math.log(tau) - 2 * lnBallVolume(k)) / k;
    if (lnGh < Math.log(sigma ** 2 * (d - i) + tau ** 2)) return d - i + 2;
  }
  return 2;
}

/** BDD at one (β, d); d defaults to the estimator's choice. */
function bddAt(model: BkzModel, p: LweParams, beta: number, rows: number, dIn?: number): RouteCost {
  if (rows < beta || (dIn !== undefined && dIn < beta)) return NONE;
  const xi = xiFactor(p);
  const lnDelta = Math.log(rootHermite(beta));
  const d =
    dIn ??
    Math.max(beta, Math.min(Math.ceil(Math.sqrt((p.n * Math.log(p.q / xi)) / lnDelta)), rows));
  const red = log2Bkz(model, beta, d);
  const lnVol = (d - p.n) * Math.log(p.q) + p.n * Math.log(xi);
  const svpDim = bddSvpDimension(d, lnVol, lnDelta, p.sigmaE);
  const eta = svpDim - 1;
  if (eta > d) return NONE;
  const svp = log2SumExp2([log2Bkz(model, svpDim, svpDim), 2 * Math.log2(Math.max(d - eta, 1))]);
  return { log2Rop: log2SumExp2([red, svp]), log2Red: red, beta, d, eta };
}

/** Primal BDD: β up to the uSVP β (+2), then d optimised at the best β. */
export function primalBdd(params: LweParams, model: BkzModel = 'matzov'): RouteCost {
  const p = normalizeLwe(params);
  const rows = embedRows(p);
  const usvp = primalUsvp(params, model);
  const top = Number.isFinite(usvp.beta) ? usvp.beta + 2 : MAX_BETA;
  let best = NONE;
  for (let beta = MIN_BETA; beta <= top; beta++) best = better(best, bddAt(model, p, beta, rows));
  if (!Number.isFinite(best.log2Rop)) return best;
  const beta = best.beta;
  for (let d = p.n; d <= best.d; d++) best = better(best, bddAt(model, p, beta, rows, d));
  return best;
}

/** Dual at one β (the estimator's DualHybrid.cost with ζ = 0 and its `distinguish`). */
function dualAt(model: BkzModel, p: LweParams, beta: number): RouteCost {
  const delta = rootHermite(beta);
  const rho = shortVectors(model, beta, 2 * beta).rho;
  const c = (p.sigmaS * p.q) / p.sigmaE;
  let mUsed = Math.max(1, Math.ceil(Math.sqrt((p.n * Math.log(c)) / Math.log(delta))) - p.n);
  mUsed = Math.min(p.m, mUsed);
  const d = mUsed + p.n;
  // relative width of ⟨w, (A, b)⟩'s error, in units of q
  const sigmaRel = (rho * p.sigmaS * delta ** d) / c ** (mUsed / d);
  if (sigmaRel * Math.sqrt(2 * Math.PI) > 16) return NONE;
  const eps = Math.exp(-2 * Math.PI ** 2 * sigmaRel ** 2);
  if (eps === 0) return NONE;
  const N = Math.ceil((2 * Math.log(0.02)) / Math.log1p(-(eps * eps)));
  const sv = shortVectors(model, beta, d, Math.log2(N));
  if (!Number.isFinite(sv.log2Cost)) return NONE;
  return { log2Rop: log2SumExp2([Math.log2(N), sv.log2Cost]), log2Red: sv.log2Cost, beta, d, log2N: Math.log2(N) };
}

/** The dual attack: the cheapest β. */
export function dualAttack(params: LweParams, model: BkzModel = 'matzov'): RouteCost {
  const p = normalizeLwe(params);
  let best = NONE;
  for (let beta = MIN_BETA; beta <= Math.max(Math.min(p.m, MAX_BETA), MIN_BETA + 8); beta++) {
    best = better(best, dualAt(model, p, beta));
  }
  return best;
}

/** Every route under every BKZ model, and the cheapest route per model. */
export function estimateLwe(params: LweParams): LweEstimate {
  const routes = { usvp: {}, bdd: {}, dual: {} } as Record<LweRoute, Record<BkzModel, RouteCost>>;
  const cheapest = {} as LweEstimate['cheapest'];
  for (const model of BKZ_MODELS) {
    routes.usvp[model] = primalUsvp(params, model);
    routes.bdd[model] = primalBdd(params, model);
    routes.dual[model] = dualAttack(params, model);
    let best: { route: LweRoute; log2Rop: number } = { route: 'usvp', log2Rop: Infinity };
    for (const route of ['usvp', 'bdd', 'dual'] as const) {
      if (routes[route][model].log2Rop < best.log2Rop) best = { route, log2Rop: routes[route][model].log2Rop };
    }
    cheapest[model] = best;
  }
  return { params, routes, cheapest };
}
