/**
 * An integer lattice basis with its Gram–Schmidt orthogonalisation, the state LLL and BKZ work
 * on (row convention: b_i is row i; b_i = b*_i + Σ_{j<i} μ_ij b*_j, r_ii = ‖b*_i‖²).
 *
 * Numerics, in the style of Nguyen–Stehlé's L² ("An LLL algorithm with quadratic complexity",
 * EUROCRYPT 2005 / SIAM J. Comput. 2009) and fplll:
 * - The basis and its Gram matrix G = B·Bᵀ are exact integers held in float64 numbers. Every
 *   update keeps them integral, and `assertExact` refuses any Gram entry above 2^52, beyond
 *   which float64 stops representing every integer. Basis entries ≤ 2^15 (q ≤ 2^15) in
 *   dimension ≤ 256 keep ‖b_i‖² ≤ 256·2^30 = 2^38, far inside that bound.
 * - The GSO (μ, r) is float64, recomputed for row k from the exact G and the rows above it
 *   (a Cholesky row, O(k²)) whenever LLL visits k, so rounding never accumulates across basis
 *   updates. L²'s proven precision is ≈ 1.6·d bits, far above 53 at d = 100; in practice double
 *   precision suffices for lattices like these (fplll's wrapper, too, starts in double and
 *   raises the precision only on failure), and test/lattice.fplll.test.ts finds this LLL returns
 *   fplll's basis row for row at d = 80, q ≈ 2^15. A precision failure shows as size reduction
 *   that does not converge (a LatticeError), not as a silently wrong basis. `MAX_DIM` refuses
 *   bases beyond the range tested.
 */

/** Largest dimension accepted (see the header: float64 GSO). */
export const MAX_DIM = 160;
const EXACT = 2 ** 52;

/** Thrown when an integer leaves float64's exact range or the basis is malformed. */
export class LatticeError extends Error {}

export interface Gso {
  /** Basis rows (exact integers). */
  readonly B: number[][];
  /** Exact Gram matrix B·Bᵀ. */
  readonly G: number[][];
  /** μ_ij for j < i (float64). */
  readonly mu: Float64Array[];
  /** r_ij = ⟨b_i, b*_j⟩ for j ≤ i; r_ii = ‖b*_i‖² (float64). */
  readonly r: Float64Array[];
}

/** A GSO state over a copy of `rows` (linearly independent integer rows). */
export function makeGso(rows: readonly (readonly number[])[]): Gso {
  const d = rows.length;
  if (d === 0) throw new LatticeError('empty basis');
  if (d > MAX_DIM) throw new LatticeError(`dimension ${d} above ${MAX_DIM} (float64 GSO)`);
  const n = rows[0].length;
  const B = rows.map((row) => {
    if (row.length !== n) throw new LatticeError('rows of different lengths');
    for (const x of row) if (!Number.isInteger(x)) throw new LatticeError('non-integer basis entry');
    return [...row];
  });
  const G = B.map(() => new Array<number>(d).fill(0));
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let t = 0; t < n; t++) s += B[i][t] * B[j][t];
      G[i][j] = s;
      G[j][i] = s;
    }
  }
  const st: Gso = {
    B,
    G,
    mu: B.map(() => new Float64Array(d)),
    r: B.map(() => new Float64Array(d)),
  };
  for (let i = 0; i < d; i++) assertExact(st, i);
  for (let i = 0; i < d; i++) computeRow(st, i);
  return st;
}

/** Refuses a Gram diagonal entry beyond float64's exact integers (bounds the whole row). */
export function assertExact(st: Gso, i: number): void {
  if (!(st.G[i][i] <= EXACT)) throw new LatticeError(`‖b_${i}‖² = ${st.G[i][i]} beyond 2^52: float64 inexact`);
}

/** Recomputes row k of the GSO from the exact Gram matrix and rows < k. */
export function computeRow(st: Gso, k: number): void {
  const { G, mu, r } = st;
  const rk = r[k];
  const mk = mu[k];
  for (let j = 0; j < k; j++) {
    let s = G[k][j];
    const mj = mu[j];
    for (let l = 0; l < j; l++) s -= mj[l] * rk[l];
    rk[j] = s;
    mk[j] = s / r[j][j];
  }
  let s = G[k][k];
  for (let l = 0; l < k; l++) s -= mk[l] * rk[l];
  rk[k] = s;
}

/** b_i ← b_i + c·b_j (i ≠ j, c an integer), with G updated exactly. */
export function addMul(st: Gso, i: number, j: number, c: number): void {
  if (c === 0) return;
  const { B, G } = st;
  const bi = B[i];
  const bj = B[j];
  for (let t = 0; t < bi.length; t++) bi[t] += c * bj[t];
  const gii = G[i][i] + 2 * c * G[i][j] + c * c * G[j][j];
  for (let l = 0; l < G.length; l++) {
    if (l === i) continue;
    G[i][l] += c * G[j][l];
    G[l][i] = G[i][l];
  }
  G[i][i] = gii;
  assertExact(st, i);
}

/** Swaps rows i and j of the basis and of G (the GSO rows must be recomputed by the caller). */
export function swapRows(st: Gso, i: number, j: number): void {
  const { B, G } = st;
  [B[i], B[j]] = [B[j], B[i]];
  [G[i], G[j]] = [G[j], G[i]];
  for (const row of G) [row[i], row[j]] = [row[j], row[i]];
}

/** Removes row k (a zero vector met while reducing a generating set). */
export function removeRow(st: Gso, k: number): void {
  (st.B as number[][]).splice(k, 1);
  (st.G as number[][]).splice(k, 1);
  for (const row of st.G) row.splice(k, 1);
  (st.mu as Float64Array[]).pop();
  (st.r as Float64Array[]).pop();
}

/** The squared Gram–Schmidt norms r_ii = ‖b*_i‖². */
export function gsoNorms(st: Gso): number[] {
  return st.r.map((row, i) => row[i]);
}

/** The log profile: ln ‖b*_i‖ for each i. */
export function logProfile(st: Gso): number[] {
  return gsoNorms(st).map((x) => 0.5 * Math.log(x));
}

/** ln of the lattice's volume, Σ ln ‖b*_i‖. */
export function lnVolume(st: Gso): number {
  return logProfile(st).reduce((a, b) => a + b, 0);
}
