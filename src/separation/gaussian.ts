/**
 * The natural control (DESIGN.md §8): real-valued linear regression with Gaussian inputs,
 * run through the same reduction as LPN. It has no cryptographic hardness, so the paper's
 * reading predicts no separation and no secret key: ordinary least squares on the public
 * unimodal data — the first thing any ML practitioner would fit — recovers s well enough that
 * Eve follows the amplification to the key (src/eve/, `attack` below).
 *
 * - Task (μ_n): L secrets s_j uniform on the sphere of radius √n (a Gaussian vector scaled to
 *   norm √n, so every task has the same signal ‖s_j‖ = √n and the agreement one closed form).
 * - Examples: A ∈ R^{m×n} with N(0, 1) entries expanded from a public seed (reals.ts),
 *   y_j = A s_j (the noise-free modality, each entry N(0, n)), z_j = y_j + e_j with
 *   e_j ~ N(0, σ²)^m, σ = θ·√n: θ is the noise-to-signal ratio of one example. The published
 *   z_j are put on the wire's grid (ring below) first, so what Alice holds is what travels.
 * - A_μ: least squares on the noise-free system Y = A S (exact up to rounding once rank A = n).
 * - Challenge (Bob): r ∈ {−1, 0, 1}^m with a uniform support of weight w and uniform signs;
 *   x* = rᵀA (on the grid), his close values b_j = rᵀz_j.
 * - Alice's close values: a_j = ⟨x*, ŝ_j⟩ = rᵀy_j (up to the grid), so b_j − a_j = rᵀe_j.
 * - Rule: raw bit = [value ≥ 0] (the sign; no hint is sent).
 * - Agreement, closed form: over A, e and r, a_j ~ N(0, w·n) and d = rᵀe_j ~ N(0, w·θ²·n) are
 *   independent, so Pr[sign a = sign(a + d)] = 1 − arctan(θ)/π (the angle between a and a + d,
 *   Sheppard 1899), whatever w. The grid (2^-16) moves it by far less than any interval.
 * - Ring: R, signed fixed point, 32 bits with 16 fractional (Q15.16: range ±32768,
 *   resolution 2^-16 ≈ 1.5e-5); labels are N(0, n(1 + θ²)), so a value out of range would
 *   take ≈ 2000 standard deviations at n = 256.
 * - Eve (`attack`): ordinary least squares Ŝ = (AᵀA)⁻¹AᵀZ on the published (A, Z), and her
 *   guess of Alice's bit sign⟨x*, ŝ_j⟩ with reliability Φ(|⟨x*, ŝ_j⟩| / (σ̂·√(x*ᵀ(AᵀA)⁻¹x*)));
 *   her error against Alice is about θ·√(n/(m − n)) of the signal, Bob's θ, so at m ≥ 4n she
 *   knows Alice's raw bits better than Bob does. Cost: src/cost/leastSquares.ts.
 *
 * Randomness order (seeded runs depend on it): per secret n Gaussians; per draw of examples
 * the seed of A, then m·L noise Gaussians; per challenge w indices, then w sign words.
 */
import { SepkaError } from '../errors.ts';
import { fixedWeightIndices, randomBytes, Rng } from '../rng.ts';
import { leastSquaresOps } from '../cost/leastSquares.ts';
import { normalUpperTail } from '../stats.ts';
import { SEED_BYTES } from '../task/expand.ts';
import { dotColumns, expandGaussian, gaussians, leastSquares, matMulReal } from './reals.ts';
import { onGrid, type Ring } from './ring.ts';
import type { PublicPart, Separation, TaskInspect, UnimodalFit, Values } from './types.ts';

export interface GaussianParams {
  n: number;
  /** Noise-to-signal ratio of one example: σ = θ·√n. */
  theta: number;
  m: number;
  /** Support of Bob's r. */
  w: number;
  L: number;
}

/** The wire's fixed-point format (see the header). */
export const GAUSSIAN_RING: Extract<Ring, { kind: 'real' }> = { kind: 'real', bits: 32, frac: 16 };

/** Raw agreement of the sign rule: 1 − arctan(θ)/π (header). */
export const gaussianAgreement = (theta: number): number => 1 - Math.atan(theta) / Math.PI;

export interface GaussianTask {
  /** n×L, column j = s_j. */
  S: Float64Array;
}
export interface GaussianExamples {
  seedA: Uint8Array;
  A: Float64Array;
  /** m×L, noise-free. */
  Y: Float64Array;
  /** m×L labels on the grid. */
  Z: Float64Array;
}
export interface GaussianView {
  A: Float64Array;
  Z: Float64Array;
}

export type GaussianSeparation = Separation<GaussianTask, GaussianExamples, Float64Array, GaussianView> & { readonly params: GaussianParams };

function sampleTask(p: GaussianParams, rng: Rng): GaussianTask {
  const S = new Float64Array(p.n * p.L);
  for (let j = 0; j < p.L; j++) {
    const g = gaussians(rng, p.n);
    const norm = Math.hypot(...g);
    for (let i = 0; i < p.n; i++) S[i * p.L + j] = (g[i] * Math.sqrt(p.n)) / norm;
  }
  return { S };
}

function drawExamples(p: GaussianParams, t: GaussianTask, rng: Rng): GaussianExamples {
  const seedA = randomBytes(rng, SEED_BYTES);
  const A = expandGaussian(seedA, p.m, p.n);
  const Y = matMulReal(A, p.m, p.n, t.S, p.L);
  const e = gaussians(rng, p.m * p.L);
  const sigma = p.theta * Math.sqrt(p.n);
  const Z = Float64Array.from(Y, (y, i) => onGrid(GAUSSIAN_RING, y + sigma * e[i]));
  return { seedA, A, Y, Z };
}

/** Bob's challenge: r of weight w with random signs, x* = rᵀA on the grid, values rᵀZ. */
function challenge(p: GaussianParams, v: GaussianView, rng: Rng): { x: Float64Array; values: Float64Array; witness: number[] } {
  const idx = fixedWeightIndices(rng, p.m, p.w);
  const x = new Float64Array(p.n);
  const values = new Float64Array(p.L);
  for (const i of idx) {
    const sign = rng.u32() & 1 ? -1 : 1;
    for (let a = 0; a < p.n; a++) x[a] += sign * v.A[i * p.n + a];
    for (let j = 0; j < p.L; j++) values[j] += sign * v.Z[i * p.L + j];
  }
  for (let a = 0; a < p.n; a++) x[a] = onGrid(GAUSSIAN_RING, x[a]);
  return { x, values, witness: idx };
}

/** The sign rule: bit j = [values_j ≥ 0], packed. */
function signBits(values: Values): Uint32Array {
  const out = new Uint32Array((values.length + 31) >>> 5);
  for (let j = 0; j < values.length; j++) if (values[j] >= 0) out[j >>> 5] |= 1 << (j & 31);
  return out;
}

/** Eve's ordinary least squares on (A, Z), and her guesses (header). */
function olsAttack(p: GaussianParams, v: GaussianView): UnimodalFit {
  const ls = leastSquares(v.A, p.m, p.n);
  const ops = leastSquaresOps(p.m, p.n, p.L);
  if (!ls) {
    return { name: 'least-squares', solved: 0, ops, note: 'AᵀA is singular: no fit', guess: () => ({ bits: new Uint32Array((p.L + 31) >>> 5), reliability: new Float64Array(p.L).fill(0.5) }) };
  }
  const S = ls.solve(v.Z, p.L);
  // Residual standard deviation per column, with m − n degrees of freedom.
  const fitted = matMulReal(v.A, p.m, p.n, S, p.L);
  const sigma = new Float64Array(p.L);
  for (let i = 0; i < p.m; i++) for (let j = 0; j < p.L; j++) sigma[j] += (v.Z[i * p.L + j] - fitted[i * p.L + j]) ** 2;
  for (let j = 0; j < p.L; j++) sigma[j] = Math.sqrt(sigma[j] / Math.max(1, p.m - p.n));
  const mean = sigma.reduce((a, b) => a + b, 0) / p.L;
  return {
    name: 'least-squares',
    solved: p.L,
    ops,
    note: `ordinary least squares Ŝ = (AᵀA)⁻¹AᵀZ on all ${p.L} columns (≈ 2^${Math.log2(ops).toFixed(1)} multiply-adds); residual σ̂ ≈ ${mean.toFixed(2)} (θ√n = ${(p.theta * Math.sqrt(p.n)).toFixed(2)})`,
    guess(x) {
      const a = dotColumns(x, S, p.n, p.L);
      const spread = Math.sqrt(ls.quadratic(x));
      const reliability = Float64Array.from(a, (v, j) => {
        const sd = sigma[j] * spread;
        return sd > 0 ? 1 - normalUpperTail(Math.abs(v) / sd) : 1;
      });
      return { bits: signBits(a), reliability };
    },
  };
}

/** The natural control bound to p. */
export function gaussianSeparation(p: GaussianParams): GaussianSeparation {
  if (!(Number.isInteger(p.n) && p.n >= 2 && p.n <= 4096)) throw new SepkaError('SEPKA_ERR_USAGE', `gaussian-regression: n must be an integer in [2, 4096], got ${p.n}`);
  if (!(Number.isInteger(p.m) && p.m >= p.n)) throw new SepkaError('SEPKA_ERR_USAGE', `gaussian-regression: A_μ needs m ≥ n examples, got m = ${p.m}, n = ${p.n}`);
  if (!(p.theta > 0 && Number.isFinite(p.theta))) throw new SepkaError('SEPKA_ERR_USAGE', `gaussian-regression: θ must be positive, got ${p.theta}`);
  if (!(Number.isInteger(p.w) && p.w >= 1 && p.w <= p.m)) throw new SepkaError('SEPKA_ERR_USAGE', `gaussian-regression: w must be an integer in [1, m = ${p.m}], got ${p.w}`);
  if (!(Number.isInteger(p.L) && p.L >= 1 && p.L <= 1024)) throw new SepkaError('SEPKA_ERR_USAGE', `gaussian-regression: L must be an integer in [1, 1024], got ${p.L}`);
  return {
    name: 'gaussian-regression',
    params: p,
    n: p.n,
    L: p.L,
    ring: GAUSSIAN_RING,
    rule: 'raw bit = [value ≥ 0] (the sign), no hint sent',
    sampleTask: (rng) => sampleTask(p, rng),
    drawExamples: (t, rng) => drawExamples(p, t, rng),
    learnMultimodal: (ex) => leastSquares(ex.A, p.m, p.n)?.solve(ex.Y, p.L) ?? null,
    publicPart: (ex): PublicPart => ({ seedA: ex.seedA, labels: ex.Z }),
    openPublic: (pub): GaussianView => ({ A: expandGaussian(pub.seedA, p.m, p.n), Z: pub.labels as Float64Array }),
    challenge: (v, rng) => challenge(p, v, rng),
    value: (SHat, x) => dotColumns(x, SHat, p.n, p.L),
    rawBits: signBits,
    epsilon: () => 2 * gaussianAgreement(p.theta) - 1,
    attack: (v) => olsAttack(p, v),
    inspect: (): TaskInspect => ({ secrets: [], sHat: [], noise: [] }),
  };
}
