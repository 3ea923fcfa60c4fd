/**
 * The information-set step shared by both of Eve's Prange-type attacks (Prange 1962, "The use
 * of information sets in decoding cyclic codes"): pick a uniformly random set S of n of the m
 * rows of A and solve the n×n system those rows define, by one elimination.
 *
 * - primal (pooled Gauss, pooledGauss.ts): solve A_S·ŝ = z_S. Right when no row of S is noisy.
 * - dual (syndrome decoding, dualPrange.ts): solve A_Sᵀ·r_S = x*, i.e. write the challenge
 *   x* = rᵀA as a combination of the rows in S. Right when supp(r) ⊆ S.
 *
 * Either way a trial succeeds only if A_S is invertible, which for a uniform n×n matrix has
 * probability ∏_{i=1..n} (1 − 2^-i) ≈ 0.289 (`probFullRank(n, n)`).
 *
 * This is the hot path of the attacks, so one solver owns its working buffers: the subset is a
 * partial Fisher–Yates shuffle of a persistent index permutation (a uniform n-subset whatever
 * order the permutation was left in), and the n×(n+1) augmented matrix is reused across trials.
 */
import { SepkaError } from '../errors.ts';
import { rref } from '../gf2/index.ts';
import { Mat, matZero, transpose32 } from '../gf2/mat.ts';
import { wordsFor } from '../gf2/vec.ts';
import { Rng, uniformInt } from '../rng.ts';

export class InfoSetSolver {
  readonly m: number;
  readonly n: number;
  /** perm[0..n) is the current information set S; perm[n..m) the rest. */
  readonly perm: Int32Array;
  /** Solution of the last successful solve: n bits, bit i belongs to row perm[i] (dual) or to coordinate i (primal). */
  readonly x: Uint32Array;
  private readonly M: Mat;

  constructor(readonly A: Mat) {
    if (A.rows < A.cols) throw new SepkaError('SEPKA_ERR_SHAPE', `information set: need m ≥ n, got ${A.rows}×${A.cols}`);
    this.m = A.rows;
    this.n = A.cols;
    this.perm = new Int32Array(this.m);
    for (let i = 0; i < this.m; i++) this.perm[i] = i;
    this.x = new Uint32Array(wordsFor(this.n));
    this.M = matZero(this.n, this.n + 1);
  }

  /** Draw a fresh uniform n-subset S into perm[0..n). */
  pick(rng: Rng): void {
    const p = this.perm;
    for (let i = 0; i < this.n; i++) {
      const j = i + uniformInt(rng, this.m - i);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
  }

  /** Primal: solve A_S·x = z_S. Returns false when A_S is singular. */
  solvePrimal(z: Uint32Array): boolean {
    const { A, M, n, perm } = this;
    const ms = M.stride;
    const as = A.stride;
    const zw = n >>> 5;
    const zb = 1 << (n & 31);
    M.data.fill(0);
    for (let i = 0; i < n; i++) {
      const src = perm[i];
      M.data.set(A.data.subarray(src * as, src * as + as), i * ms);
      if ((z[src >>> 5] >>> (src & 31)) & 1) M.data[i * ms + zw] |= zb;
    }
    return this.eliminate();
  }

  /** Dual: solve A_Sᵀ·x = xStar (x_i is the coefficient of row perm[i]). False when singular. */
  solveDual(xStar: Uint32Array): boolean {
    const { A, M, n, perm } = this;
    const ms = M.stride;
    M.data.fill(0);
    // Row j of A_Sᵀ is column j of A restricted to S.
    scatterRowsAsColumns(A, perm, n, M);
    const zw = n >>> 5;
    const zb = 1 << (n & 31);
    for (let j = 0; j < n; j++) if ((xStar[j >>> 5] >>> (j & 31)) & 1) M.data[j * ms + zw] |= zb;
    return this.eliminate();
  }

  /** Reduce [M | b]; when the left block has rank n it is I and the last column is the solution. */
  private eliminate(): boolean {
    const { M, n, x } = this;
    if (rref(M, n).rank < n) return false;
    const ms = M.stride;
    const zw = n >>> 5;
    const sh = n & 31;
    x.fill(0);
    for (let k = 0; k < n; k++) if ((M.data[k * ms + zw] >>> sh) & 1) x[k >>> 5] |= 1 << (k & 31);
    return true;
  }
}

const scratch = new Uint32Array(32);

/**
 * Column c of M (c < count) |= row perm[c] of A, i.e. M's first `count` columns are A's rows
 * perm[0..count) transposed: the dual attacks' [H_S | …] with H = Aᵀ. Gathers 32 rows at a
 * time and transposes them as 32×32 blocks (gf2/mat.ts transpose32).
 */
export function scatterRowsAsColumns(A: Mat, perm: Int32Array, count: number, M: Mat): void {
  const ms = M.stride;
  const as = A.stride;
  const n = A.cols;
  for (let c0 = 0; c0 < count; c0 += 32) {
    const cols = Math.min(32, count - c0);
    const wc = c0 >>> 5;
    for (let wk = 0; wk < as; wk++) {
      for (let cc = 0; cc < 32; cc++) scratch[cc] = cc < cols ? A.data[perm[c0 + cc] * as + wk] : 0;
      transpose32(scratch);
      const rows = Math.min(32, n - (wk << 5));
      for (let jj = 0; jj < rows; jj++) M.data[((wk << 5) + jj) * ms + wc] |= scratch[jj];
    }
  }
}
