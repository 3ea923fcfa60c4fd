/**
 * The session key's security on the LWE instance (src/separation/lwe.ts), from the LWE cost
 * model (lwe.ts, the lattice estimator's routes). Eve has two kinds of target:
 *
 * - A label column (L of them): LWE(n, q, χ, χ, m) with σ_s = σ_e = the std of χ. A secret
 *   s_j gives Alice's raw bits of that column exactly. Routes: primal uSVP, primal BDD, dual.
 * - A challenge (one per x*, `challenges` of them): Bob's r ∈ {−1, 0, 1}^m of weight w.
 *   · r itself: x* = rᵀA is a knapsack, i.e. LWE of dimension m − n with n samples whose secret
 *     and error are both r's coordinates (Micciancio–Mol, CRYPTO 2011, duality of search LWE
 *     and knapsack), σ = √(w/m); primal uSVP and BDD on that.
 *   · any short r' with r'ᵀA = x*: r'ᵀz_j = a_j + r'ᵀe_j is as good as Bob's value when r' is
 *     short. That is a short vector in a coset of {v : vᵀA ≡ 0 mod q}, the dual attack's lattice;
 *     it is priced as the estimator's dual route on the columns' LWE.
 * One broken target gives Eve raw bits exactly, which privacy amplification does not allow
 * for, so the session key's level is the cheapest target. Several targets are counted as for
 * LPN (cost per success, src/cost/multi.ts): a route against any of T targets is charged its
 * cost divided by T (log2 T subtracted), conservative for lattice reduction, whose cost is per
 * lattice, not a per-trial success probability. Every figure is given under the estimator's
 * default (MATZOV), core-SVP, and their quantum variants (labelled: not the classical level).
 */
import { estimateLwe, type LweEstimate, type LweParams, type LweRoute } from './lwe.ts';
import type { BkzModel } from './bkz.ts';

export interface LweSessionInput {
  n: number;
  q: number;
  /** Std of χ (secret and error). */
  sigma: number;
  m: number;
  w: number;
  L: number;
  challenges: number;
}

export interface LweSessionRow {
  target: 'column' | 'challenge';
  route: string;
  /** What the route finds, in words. */
  finds: string;
  /** log2 of the targets it may pick from. */
  log2Targets: number;
  beta: number;
  d: number;
  /** log2 operations per model, one target (Infinity: no β up to the cap succeeds). */
  log2: Record<BkzModel, number>;
}

export interface LweSessionEstimate {
  columns: LweParams;
  challenge: LweParams;
  rows: LweSessionRow[];
  /** The session key's level: the cheapest row, targets counted, per model. */
  level: Record<BkzModel, { log2: number; route: string }>;
}

function row(target: 'column' | 'challenge', route: LweRoute, label: string, finds: string, e: LweEstimate, log2Targets: number): LweSessionRow {
  const r = e.routes[route];
  const log2 = { matzov: r.matzov.log2Rop, 'matzov-quantum': r['matzov-quantum'].log2Rop, 'core-svp': r['core-svp'].log2Rop, 'core-svp-quantum': r['core-svp-quantum'].log2Rop };
  return { target, route: label, finds, log2Targets, beta: r.matzov.beta, d: r.matzov.d, log2 };
}

/** Every route on both kinds of target, and the session key's level (header). */
export function estimateLweSession(p: LweSessionInput): LweSessionEstimate {
  const columns: LweParams = { n: p.n, q: p.q, sigmaS: p.sigma, sigmaE: p.sigma, m: p.m };
  const sigmaR = Math.sqrt(p.w / p.m);
  const challenge: LweParams = { n: p.m - p.n, q: p.q, sigmaS: sigmaR, sigmaE: sigmaR, m: p.n };
  const col = estimateLwe(columns);
  const ch = estimateLwe(challenge);
  const tL = Math.log2(p.L);
  const tC = Math.log2(p.challenges);
  const rows = [
    row('column', 'usvp', 'primal uSVP', 's_j', col, tL),
    row('column', 'bdd', 'primal BDD', 's_j', col, tL),
    row('column', 'dual', 'dual', 'distinguishes z_j', col, tL),
    row('challenge', 'usvp', 'knapsack uSVP', 'r (Bob\'s value)', ch, tC),
    row('challenge', 'bdd', 'knapsack BDD', 'r (Bob\'s value)', ch, tC),
    row('challenge', 'dual', 'coset (dual)', 'a short r\' ≡ r', col, tC),
  ];
  const level = {} as LweSessionEstimate['level'];
  for (const model of ['matzov', 'matzov-quantum', 'core-svp', 'core-svp-quantum'] as const) {
    let best = { log2: Infinity, route: '' };
    for (const r of rows) {
      const v = r.log2[model] - r.log2Targets;
      if (v < best.log2) best = { log2: v, route: `${r.target} ${r.route}` };
    }
    level[model] = best;
  }
  return { columns, challenge, rows, level };
}
