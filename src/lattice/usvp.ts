/**
 * The primal uSVP attack on LWE: b = A·s + e mod q → Kannan's embedding with the secret's
 * coordinates (src/lattice/qary.ts, `lweEmbedding`) → LLL, then progressive BKZ-β for β in a
 * schedule, checking after every tour whether a basis row is ±(e, −s, τ) (Alkim–Ducas–
 * Pöppelmann–Schwabe 2016's success event; Albrecht–Göpfert–Virdia–Wunderer, ASIACRYPT 2017,
 * ran it this way). It reports the block size at which s appeared, the figure the LWE cost
 * model (src/cost/lwe.ts) predicts.
 */
import { bkzReduce } from './bkz.ts';
import type { EnumOptions } from './enumerate.ts';
import { makeGso } from './gso.ts';
import { lllReduce } from './lll.ts';
import { lweEmbedding, secretFromEmbedding } from './qary.ts';

export interface UsvpOptions {
  /** Embedding factor τ (an integer; the estimator's choice is τ ≈ σ_e). */
  tau: number;
  /** A row counts as the solution only if ‖(e, s, τ)‖² ≤ maxNorm2. */
  maxNorm2: number;
  /** Block sizes to run in turn after LLL (default 4, 6, …, 40). */
  betas?: readonly number[];
  /** Tours per block size at most (default 8). */
  maxTours?: number;
  enumeration?: EnumOptions;
  /**
   * performance.now() ms past which no further tour starts (default none). LLL itself cannot
   * stop early: a caller with a budget decides beforehand whether it fits.
   */
  deadline?: number;
}

export interface UsvpResult {
  /** The secret, or null if no block size in the schedule revealed it. */
  s: number[] | null;
  /** The block size at which s appeared (2 = LLL alone), or NaN. */
  beta: number;
  /** Tours run in all, over the whole schedule. */
  tours: number;
  /** The largest block size started (2: LLL only). */
  betaRun: number;
  /** The deadline, not the schedule's end, stopped it without s. */
  stoppedByDeadline: boolean;
}

/**
 * The embedding factor and the success bound for m' samples of LWE in dimension n with error
 * and secret std σ: τ = max(1, round(σ)) (the estimator's choice, τ ≈ σ_e), and a row counts as
 * ±(e, −s, τ) when its squared norm is at most twice the expected ‖(e, s, τ)‖² = (m' + n)σ² + τ².
 */
export function usvpTarget(samples: number, n: number, sigma: number): { tau: number; maxNorm2: number } {
  const tau = Math.max(1, Math.round(sigma));
  return { tau, maxNorm2: 2 * ((samples + n) * sigma ** 2 + tau ** 2) };
}

/** Progressive BKZ on the uSVP embedding of b = A·s + e mod q until s appears. */
export function usvpAttack(
  A: readonly (readonly number[])[],
  b: readonly number[],
  q: number,
  opts: UsvpOptions,
): UsvpResult {
  const st = makeGso(lweEmbedding(A, b, q, opts.tau));
  const look = () => secretFromEmbedding(st.B, A, b, q, opts.tau, opts.maxNorm2);
  lllReduce(st);
  let s = look();
  if (s) return { s, beta: 2, tours: 0, betaRun: 2, stoppedByDeadline: false };
  let tours = 0;
  let betaRun = 2;
  let late = false;
  const betas = opts.betas ?? Array.from({ length: 19 }, (_, i) => 4 + 2 * i);
  const deadline = opts.deadline ?? Infinity;
  for (const beta of betas) {
    if ((late = performance.now() >= deadline)) break;
    betaRun = beta;
    const stats = bkzReduce(st, {
      beta,
      maxTours: opts.maxTours ?? 8,
      enumeration: opts.enumeration,
      onTour: () => {
        s = look();
        return s !== null || (late = performance.now() >= deadline);
      },
    });
    tours += stats.tours;
    if (s) return { s, beta, tours, betaRun, stoppedByDeadline: false };
  }
  return { s: null, beta: NaN, tours, betaRun, stoppedByDeadline: late };
}

/**
 * The block size at which progressive BKZ with one tour per β (LLL, then β = 3, 4, …, maxBeta)
 * first makes s a basis row: 2 for LLL alone, NaN if none. The schedule the small-β prediction
 * (src/cost/lweSmallBeta.ts) models, and Dachman-Soled et al.'s experiments ran.
 */
export function usvpBlockSize(
  A: readonly (readonly number[])[],
  b: readonly number[],
  q: number,
  opts: { tau: number; maxNorm2: number; maxBeta?: number },
): number {
  const st = makeGso(lweEmbedding(A, b, q, opts.tau));
  const found = () => secretFromEmbedding(st.B, A, b, q, opts.tau, opts.maxNorm2) !== null;
  lllReduce(st);
  if (found()) return 2;
  for (let beta = 3; beta <= (opts.maxBeta ?? 40); beta++) {
    bkzReduce(st, { beta, maxTours: 1, autoAbort: false });
    if (found()) return beta;
  }
  return NaN;
}
