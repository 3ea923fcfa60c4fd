/**
 * Real linear algebra for the natural control (gaussian.ts): Gaussian draws from an injected
 * stream, the public example matrix expanded from a seed, and least squares.
 *
 * - Gaussians: Box–Muller (Box and Muller 1958) over 32-bit uniforms, both outputs used:
 *   u1 = (k1 + 1)/2^32 ∈ (0, 1], u2 = k2/2^32, g = √(−2 ln u1)·(cos 2πu2, sin 2πu2). From an
 *   Rng for secrets and noise; from SHAKE128 of the public seed for A, so Bob and Eve expand
 *   the same A from the seed as Alice (V8's Math.log/cos/sin are its own fdlibm ports, so the
 *   same Node gives the same doubles in every process).
 * - Least squares by the normal equations and a Cholesky factor (Golub–Van Loan §5.3): AᵀA is
 *   well conditioned for a Gaussian A with m ≥ 2n (its condition number is about
 *   ((1 + √(n/m))/(1 − √(n/m)))², 34 at m = 2n, 9 at m = 4n), so the normal equations lose
 *   nothing that matters here. Its operation count is src/cost/leastSquares.ts.
 * Matrices are row-major Float64Array with their shape alongside.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Rng } from '../rng.ts';
import { SEED_BYTES, shakeBytes } from '../task/expand.ts';
import { SepkaError } from '../errors.ts';

/** `count` standard Gaussians from a stream of 32-bit uniforms (Box–Muller, both outputs). */
export function gaussiansFrom(next: () => number, count: number): Float64Array {
  const out = new Float64Array(count);
  for (let i = 0; i < count; i += 2) {
    const u1 = (next() + 1) / 2 ** 32;
    const u2 = next() / 2 ** 32;
    const r = Math.sqrt(-2 * Math.log(u1));
    out[i] = r * Math.cos(2 * Math.PI * u2);
    if (i + 1 < count) out[i + 1] = r * Math.sin(2 * Math.PI * u2);
  }
  return out;
}

/** `count` standard Gaussians from an injected Rng. */
export const gaussians = (rng: Rng, count: number): Float64Array => gaussiansFrom(() => rng.u32(), count);

/** A ∈ R^{rows×cols}, entries N(0, 1), expanded from a public 32-byte seed with SHAKE128. */
export function expandGaussian(seed: Uint8Array, rows: number, cols: number): Float64Array {
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_BYTES) throw new SepkaError('SEPKA_ERR_SHAPE', `expandGaussian: seed must be ${SEED_BYTES} bytes`);
  const count = rows * cols;
  const label = utf8ToBytes(`sepka/v1/expand|gaussian-A|${rows}x${cols}|`);
  const input = new Uint8Array(label.length + seed.length);
  input.set(label);
  input.set(seed, label.length);
  const bytes = shakeBytes(input, 4 * (count + (count & 1)));
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let k = 0;
  return gaussiansFrom(() => dv.getUint32(4 * k++, true), count);
}

/** C = A·B for A (r×k) and B (k×c), row-major; zero entries of A are skipped (sparse A is cheap). */
export function matMulReal(A: ArrayLike<number>, r: number, k: number, B: ArrayLike<number>, c: number): Float64Array {
  const C = new Float64Array(r * c);
  for (let i = 0; i < r; i++) {
    for (let t = 0; t < k; t++) {
      const a = A[i * k + t];
      if (a === 0) continue;
      for (let j = 0; j < c; j++) C[i * c + j] += a * B[t * c + j];
    }
  }
  return C;
}

/** ⟨x, column j of S (n×L)⟩ for every j. */
export function dotColumns(x: ArrayLike<number>, S: ArrayLike<number>, n: number, L: number): Float64Array {
  const out = new Float64Array(L);
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    if (xi === 0) continue;
    for (let j = 0; j < L; j++) out[j] += xi * S[i * L + j];
  }
  return out;
}

/** The least-squares solver for one A: its Cholesky factor R (AᵀA = RᵀR), kept for reuse. */
export interface LeastSquares {
  /** X = argmin ‖A X − B‖ for B (m×L): n×L. */
  solve(B: Float64Array, L: number): Float64Array;
  /** xᵀ(AᵀA)⁻¹x: the variance factor of ⟨x, X̂⟩ under unit noise. */
  quadratic(x: ArrayLike<number>): number;
}

/** Factor AᵀA for A (m×n); null when it is not positive definite (rank(A) < n). */
export function leastSquares(A: Float64Array, m: number, n: number): LeastSquares | null {
  const G = new Float64Array(n * n);
  for (let i = 0; i < m; i++) {
    const row = i * n;
    for (let a = 0; a < n; a++) {
      const v = A[row + a];
      if (v === 0) continue;
      for (let b = a; b < n; b++) G[a * n + b] += v * A[row + b];
    }
  }
  // Upper Cholesky in place: G = RᵀR, R upper triangular (stored in G's upper triangle).
  for (let j = 0; j < n; j++) {
    let d = G[j * n + j];
    for (let k = 0; k < j; k++) d -= G[k * n + j] ** 2;
    if (!(d > 1e-12 * m)) return null;
    const rjj = Math.sqrt(d);
    G[j * n + j] = rjj;
    for (let c = j + 1; c < n; c++) {
      let s = G[j * n + c];
      for (let k = 0; k < j; k++) s -= G[k * n + j] * G[k * n + c];
      G[j * n + c] = s / rjj;
    }
  }
  /** y = (RᵀR)⁻¹ v in place. */
  const solveGram = (v: Float64Array): void => {
    for (let i = 0; i < n; i++) {
      let s = v[i];
      for (let k = 0; k < i; k++) s -= G[k * n + i] * v[k];
      v[i] = s / G[i * n + i];
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = v[i];
      for (let k = i + 1; k < n; k++) s -= G[i * n + k] * v[k];
      v[i] = s / G[i * n + i];
    }
  };
  return {
    solve(B, L) {
      const X = new Float64Array(n * L);
      const v = new Float64Array(n);
      for (let j = 0; j < L; j++) {
        v.fill(0);
        for (let i = 0; i < m; i++) {
          const b = B[i * L + j];
          for (let a = 0; a < n; a++) v[a] += A[i * n + a] * b;
        }
        solveGram(v);
        for (let a = 0; a < n; a++) X[a * L + j] = v[a];
      }
      return X;
    },
    quadratic(x) {
      const v = Float64Array.from(x);
      solveGram(v);
      let s = 0;
      for (let a = 0; a < n; a++) s += x[a] * v[a];
      return s;
    },
  };
}
