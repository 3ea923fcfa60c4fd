/**
 * Lattices for the tests and for Eve's primal route, and the heuristics that predict them.
 *
 * - `randomQary(d, k, q)`: the q-ary lattice with basis [[I_{d−k}, H], [0, q·I_k]], H uniform
 *   mod q (fplll's `latticegen q`), of volume q^k; the standard "random lattice" of reduction
 *   experiments (the estimator's δ_β table was measured on these).
 * - `gaussianHeuristic(d, lnVol)`: λ₁ ≈ vol^{1/d} / V_d^{1/d}, V_d = π^{d/2}/Γ(d/2 + 1) the unit
 *   ball's volume.
 * - `gsaProfile(d, lnVol, δ)`: the geometric-series assumption (Schnorr 2003): ln ‖b*_i‖ falls
 *   linearly in i with slope −2 ln δ (precisely −2d/(d−1)·ln δ, so ‖b_1‖ = δ^d vol^{1/d} and the
 *   volume is kept).
 * - `lweEmbedding(A, b, q, τ)`: Kannan's embedding with the secret's coordinates (Bai–Galbraith
 *   2014) of an LWE instance b = A·s + e mod q (A m×n): the rows
 *       [q·I_m, 0, 0], [A_{·,j}ᵀ, e_jᵀ, 0] (j < n), [bᵀ, 0, τ]
 *   span a lattice of dimension m + n + 1 and volume q^m·τ containing (e, −s, τ), unusually
 *   short when ‖e‖, ‖s‖ ≪ the Gaussian heuristic. `secretFromEmbedding` reads s back from any
 *   basis row ±(e, −s, τ) and checks it.
 * - `dualBasis(A, q)`: the lattice {w ∈ Z^m : wᵀA ≡ 0 (mod q)} of the dual attack (Micciancio–
 *   Regev 2009): a short w makes ⟨w, b⟩ = ⟨w, e⟩ mod q small for LWE samples and uniform for
 *   uniform b. Gauss–Jordan on Aᵀ mod q with unit pivots (any nonzero pivot for prime q, odd
 *   ones for q = 2^k) gives pivot columns P and free columns F, and the basis
 *   {q·e_p : p ∈ P} ∪ {e_f − C_{·,f} : f ∈ F}, of volume q^n.
 */
import { lnGamma } from '../stats.ts';
import type { Rng } from '../rng.ts';

/** Uniform integer in [0, q) from an Rng (rejection sampling on 32-bit words). */
export function uniformMod(rng: Rng, q: number): number {
  const limit = Math.floor(2 ** 32 / q) * q;
  for (;;) {
    const u = rng.u32();
    if (u < limit) return u % q;
  }
}

/** The q-ary lattice [[I_{d−k}, H], [0, q·I_k]] with H uniform mod q. */
export function randomQary(rng: Rng, d: number, k: number, q: number): number[][] {
  const rows: number[][] = [];
  for (let i = 0; i < d - k; i++) {
    const row = new Array<number>(d).fill(0);
    row[i] = 1;
    for (let j = d - k; j < d; j++) row[j] = uniformMod(rng, q);
    rows.push(row);
  }
  for (let i = d - k; i < d; i++) {
    const row = new Array<number>(d).fill(0);
    row[i] = q;
    rows.push(row);
  }
  return rows;
}

/** ln of the volume of the d-dimensional unit ball. */
export function lnBallVolume(d: number): number {
  return (d / 2) * Math.log(Math.PI) - lnGamma(d / 2 + 1);
}

/** The Gaussian heuristic for λ₁ of a d-dimensional lattice of volume e^{lnVol}. */
export function gaussianHeuristic(d: number, lnVol: number): number {
  return Math.exp((lnVol - lnBallVolume(d)) / d);
}

/** The GSA log profile ln ‖b*_i‖ for root-Hermite factor δ, volume kept. */
export function gsaProfile(d: number, lnVol: number, delta: number): number[] {
  const slope = (-2 * d * Math.log(delta)) / (d - 1);
  const head = lnVol / d + d * Math.log(delta);
  return Array.from({ length: d }, (_, i) => head + i * slope);
}

/** Kannan / Bai–Galbraith embedding of b = A·s + e mod q (A: m rows of n entries). */
export function lweEmbedding(A: readonly (readonly number[])[], b: readonly number[], q: number, tau: number): number[][] {
  const m = A.length;
  const n = A[0].length;
  const dim = m + n + 1;
  const rows: number[][] = [];
  for (let i = 0; i < m; i++) {
    const row = new Array<number>(dim).fill(0);
    row[i] = q;
    rows.push(row);
  }
  for (let j = 0; j < n; j++) {
    const row = new Array<number>(dim).fill(0);
    for (let i = 0; i < m; i++) row[i] = A[i][j];
    row[m + j] = 1;
    rows.push(row);
  }
  const last = new Array<number>(dim).fill(0);
  for (let i = 0; i < m; i++) last[i] = b[i];
  last[dim - 1] = tau;
  rows.push(last);
  return rows;
}

/** x mod q in (−q/2, q/2]. */
export function centred(x: number, q: number): number {
  const r = ((x % q) + q) % q;
  return r > q / 2 ? r - q : r;
}

/**
 * s from a basis row ±(e, −s, τ) of `lweEmbedding`'s lattice with ‖(e, s, τ)‖² ≤ maxNorm2,
 * checked: b − A·s mod q must equal that row's e. Every lattice vector with last coordinate ±τ
 * has that shape, so the norm bound is what singles out the LWE solution (with enough samples
 * the embedded target is the only vector that short). Returns null if no row qualifies.
 */
export function secretFromEmbedding(
  rows: readonly (readonly number[])[],
  A: readonly (readonly number[])[],
  b: readonly number[],
  q: number,
  tau: number,
  maxNorm2: number,
): number[] | null {
  const m = A.length;
  const n = A[0].length;
  for (const v of rows) {
    const t = v[m + n];
    if (Math.abs(t) !== tau) continue;
    if (v.reduce((acc, x) => acc + x * x, 0) > maxNorm2) continue;
    const sign = t / tau;
    const s = Array.from({ length: n }, (_, j) => -sign * v[m + j] + 0); // + 0: never −0
    let ok = true;
    for (let i = 0; i < m && ok; i++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += A[i][j] * s[j];
      ok = centred(b[i] - dot, q) === sign * v[i];
    }
    if (ok) return s;
  }
  return null;
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return Math.abs(a);
}

/** a⁻¹ mod q for gcd(a, q) = 1 (extended Euclid; |a|, q < 2^26 keep products exact). */
export function invMod(a: number, q: number): number {
  let [r0, r1] = [((a % q) + q) % q, q];
  let [s0, s1] = [1, 0];
  while (r1) {
    const t = Math.floor(r0 / r1);
    [r0, r1] = [r1, r0 - t * r1];
    [s0, s1] = [s1, s0 - t * s1];
  }
  if (r0 !== 1) throw new RangeError(`${a} is not invertible mod ${q}`);
  return ((s0 % q) + q) % q;
}

/**
 * Basis of {w ∈ Z^m : wᵀA ≡ 0 (mod q)} for A with m rows of n entries, m ≥ n; null if Aᵀ has no
 * n unit pivots mod q (rank deficient, or no odd pivot for even q).
 */
export function dualBasis(A: readonly (readonly number[])[], q: number): number[][] | null {
  const m = A.length;
  const n = A[0].length;
  if (m < n) return null;
  const M = Array.from({ length: n }, (_, i) => A.map((row) => ((row[i] % q) + q) % q));
  const pivotOf: number[] = [];
  const used = new Uint8Array(m);
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < m && (used[c] || gcd(M[r][c], q) !== 1)) c++;
    if (c === m) return null;
    used[c] = 1;
    pivotOf.push(c);
    const inv = invMod(M[r][c], q);
    for (let j = 0; j < m; j++) M[r][j] = (M[r][j] * inv) % q;
    for (let i = 0; i < n; i++) {
      if (i === r || M[i][c] === 0) continue;
      const f = M[i][c];
      for (let j = 0; j < m; j++) M[i][j] = (((M[i][j] - f * M[r][j]) % q) + q) % q;
    }
  }
  const rows: number[][] = [];
  for (const p of pivotOf) {
    const row = new Array<number>(m).fill(0);
    row[p] = q;
    rows.push(row);
  }
  for (let f = 0; f < m; f++) {
    if (used[f]) continue;
    const row = new Array<number>(m).fill(0);
    row[f] = 1;
    // M w ≡ 0 with w_f = 1 and the other free coordinates 0: w_{p_r} = −M[r][f]
    pivotOf.forEach((p, r) => (row[p] = centred(-M[r][f], q)));
    rows.push(row);
  }
  return rows;
}
