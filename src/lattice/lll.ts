/**
 * LLL reduction (A. K. Lenstra, H. W. Lenstra, L. Lovász, "Factoring polynomials with rational
 * coefficients", Math. Ann. 1982), in the floating-point form of Schnorr–Euchner ("Lattice basis
 * reduction: improved practical algorithms", Math. Programming 1994) and Nguyen–Stehlé's L²:
 * exact integer basis and Gram matrix, float64 GSO recomputed per visited row (src/lattice/gso.ts
 * states the numerics).
 *
 * Output conditions, with δ = 0.99 and η = 0.51 (fplll's defaults):
 * - size reduction: |μ_ij| ≤ η for all j < i;
 * - Lovász: δ·r_{k−1} ≤ r_k + μ²_{k,k−1}·r_{k−1}, i.e. ‖π_{k−1}(b_k)‖² ≥ δ‖b*_{k−1}‖².
 * Size reduction at row k repeats (the "lazy" loop of L²) until every |μ_kj| ≤ η, since one pass
 * in floating point need not reach it; a zero vector met on a generating set is removed.
 */
import { addMul, assertExact, computeRow, LatticeError, makeGso, removeRow, swapRows, type Gso } from './gso.ts';

export const LLL_DELTA = 0.99;
export const LLL_ETA = 0.51;

/** Size reduction passes per row before giving up (float64 precision exhausted). */
const MAX_PASSES = 64;

/** Size-reduces row k against rows < k (their GSO valid); leaves row k's GSO current. */
export function sizeReduce(st: Gso, k: number, eta = LLL_ETA): void {
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    computeRow(st, k);
    const mk = st.mu[k];
    let worst = 0;
    for (let j = 0; j < k; j++) worst = Math.max(worst, Math.abs(mk[j]));
    if (worst <= eta) return;
    // Subtract from the highest index down, updating μ_k· in place (Cohen, Alg. 2.6.3).
    for (let j = k - 1; j >= 0; j--) {
      const x = Math.round(mk[j]);
      if (x === 0) continue;
      addMul(st, k, j, -x);
      const mj = st.mu[j];
      for (let l = 0; l < j; l++) mk[l] -= x * mj[l];
      mk[j] -= x;
    }
  }
  throw new LatticeError(`size reduction of row ${k} did not converge (float64 precision)`);
}

export interface LllOptions {
  delta?: number;
  eta?: number;
  /** Rows < start are taken as already reduced, with their GSO current. */
  start?: number;
}

/** LLL-reduces `st` in place; returns the number of swaps. */
export function lllReduce(st: Gso, opts: LllOptions = {}): number {
  const delta = opts.delta ?? LLL_DELTA;
  const eta = opts.eta ?? LLL_ETA;
  let k = Math.max(opts.start ?? 0, 1);
  if ((opts.start ?? 0) === 0) computeRow(st, 0);
  let swaps = 0;
  while (k < st.B.length) {
    sizeReduce(st, k, eta);
    if (st.G[k][k] === 0) {
      removeRow(st, k);
      continue;
    }
    const rk = st.r[k][k];
    const rkm = st.r[k - 1][k - 1];
    const m = st.mu[k][k - 1];
    if (delta * rkm <= rk + m * m * rkm) {
      k++;
      continue;
    }
    swapRows(st, k - 1, k);
    swaps++;
    if (k === 1) {
      assertExact(st, 0);
      computeRow(st, 0);
      if (st.G[0][0] === 0) {
        removeRow(st, 0);
        computeRow(st, 0);
      }
    } else {
      k--;
    }
  }
  return swaps;
}

/** LLL on a copy of `rows`: the reduced rows and their GSO state. */
export function lll(rows: readonly (readonly number[])[], opts: Omit<LllOptions, 'start'> = {}): Gso {
  const st = makeGso(rows);
  lllReduce(st, opts);
  return st;
}
