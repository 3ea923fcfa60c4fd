/**
 * Eve's second primal attack: Stern's ISD (J. Stern, "A method for finding codewords of small
 * weight", 1988) on all the label columns pooled Gauss (primal.ts) left without a secret, every
 * column a target of each iteration (decoding one out of many, N. Sendrier, PQCrypto 2011) —
 * the attack `sepka estimate` prices as the primal route's multi-target row, run in the
 * session. src/learners/primalStern.ts runs the iterations; src/cost/primal.ts plans them
 * (`primalSternPlan`: (p, ℓ), the acceptance weight τ, L·E_t[P(t)] per iteration).
 *
 * The rule, decided from the profile and the budget B before anything runs (so it does not
 * depend on the clock, and a test can check it without one):
 * - run only where the cost model prices Stern's cost per success on the L columns below
 *   Prange's (pooled Gauss's); then pooled Gauss stops at t0 + 0.45·B and Stern has until
 *   t0 + 0.6·B (its share, 0.15·B, plus whatever pooled Gauss leaves unused);
 * - skip where the parity-check elimination of A (an m×(m + n) system, priced G = m^2.8) plus
 *   one iteration (multiTargetCost's per-iteration bit operations for L targets) is estimated
 *   above the share at BIT_OPS_PER_MS — an iteration is not interruptible, so one that cannot
 *   finish would only overrun the budget. The estimate is ≈ 375 ms on demo-256 (she runs it
 *   there from B ≈ 2.5 s), ≈ 13 s on paper-1024 and ≈ 20 min on paper-128. When she skips it,
 *   pooled Gauss keeps the primal share up to t0 + 0.6·B, as before.
 * A find is an error e_j of weight ≤ τ with H·e_j = H·z_j; a wrong one needs a second error that
 * light in z_j's coset, probability ≤ 2^-10 per column (cost/primal.ts), so the secret
 * s_j = A⁻¹(z_j ⊕ e_j) becomes exact (reliability 1) through MultiPooledGauss.acceptExternal.
 */
import { transpose, row } from '../gf2/mat.ts';
import type { Mat } from '../gf2/mat.ts';
import { log2Gauss, primalSternPlan, type PrimalSternPlan } from '../cost/index.ts';
import { PrimalStern } from '../learners/primalStern.ts';
import type { Rng } from '../rng.ts';
import type { MultiPooledGauss } from './primal.ts';

/** Bit operations per ms her GF(2) code sustains (measured ≈ 7.5·10^6 at n = 256 on a 2-core machine; rounded down). */
export const BIT_OPS_PER_MS = 5e6;
/** Where pooled Gauss stops when primal Stern runs, and where the primal route stops, as fractions of B. */
export const GAUSS_END = 0.45;
export const PRIMAL_END = 0.6;

export interface PrimalSternRule {
  plan: PrimalSternPlan | null;
  /** Estimated ms for the setup and one iteration. */
  estimateMs: number;
  /** Her share, (PRIMAL_END − GAUSS_END)·B, ms. */
  shareMs: number;
  /** Why she does not run it, if she does not. */
  skipped?: string;
}

/** The rule above, for m samples, n unknowns, noise rate θ, L columns and budget B (ms). */
export function primalSternRule(m: number, n: number, theta: number, L: number, budgetMs: number): PrimalSternRule {
  const shareMs = (PRIMAL_END - GAUSS_END) * budgetMs;
  const plan = primalSternPlan(m, n, theta, L);
  if (!plan) return { plan, estimateMs: 0, shareMs, skipped: 'not priced below pooled Gauss' };
  const bitOps = 2 ** log2Gauss(m) + 2 ** plan.log2IterationBitOps;
  const estimateMs = bitOps / BIT_OPS_PER_MS;
  if (estimateMs > shareMs) return { plan, estimateMs, shareMs, skipped: `setup + one iteration ≈ ${fmtMs(estimateMs)} > share ${fmtMs(shareMs)}` };
  return { plan, estimateMs, shareMs };
}

const fmtMs = (ms: number) => (ms < 1e4 ? `${ms.toFixed(0)} ms` : `${(ms / 1000).toPrecision(3)} s`);

/** What she did with it: the rule, the columns open when she started, iterations, time, finds. */
export interface PrimalSternRun extends PrimalSternRule {
  columns: number;
  iterations: number;
  ms: number;
  found: Map<number, Uint32Array>;
}

/**
 * Stern on the columns `pg` has no secret for, until `deadline` (performance.now()), every
 * column broken, or `maxIterations`; each find goes into `pg` as an exact secret.
 */
export function runPrimalStern(rule: PrimalSternRule, A: Mat, Z: Mat, pg: MultiPooledGauss, deadline: number, rng: Rng, maxIterations = Infinity): PrimalSternRun {
  const run: PrimalSternRun = { ...rule, columns: 0, iterations: 0, ms: 0, found: new Map() };
  const { plan } = rule;
  if (!plan || rule.skipped) return run;
  const open: number[] = [];
  for (let j = 0; j < Z.cols; j++) if (!pg.secrets[j]) open.push(j);
  run.columns = open.length;
  if (!open.length || maxIterations <= 0 || performance.now() >= deadline) return run;
  const t0 = performance.now();
  const Zt = transpose(Z); // row j = column j's labels z_j (m bits)
  let ps: PrimalStern;
  try {
    ps = new PrimalStern(A, open.map((j) => row(Zt, j).slice()));
  } catch {
    run.ms = performance.now() - t0;
    return run; // A of rank < n (never from SHAKE at m = 4n): no parity-check matrix
  }
  // PrimalStern indexes its targets 0..open.length−1; `left` holds the ones still open.
  let left = open.map((_, i) => i);
  while (left.length && run.iterations < maxIterations && performance.now() < deadline) {
    const got = ps.iteration(left, plan.maxWeight, plan, rng);
    run.iterations++;
    got.forEach((s, i) => {
      if (!s) return;
      const j = open[left[i]];
      run.found.set(j, s);
      pg.acceptExternal(j, s);
    });
    left = left.filter((_, i) => !got[i]);
  }
  run.ms = performance.now() - t0;
  return run;
}
