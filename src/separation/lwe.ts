/**
 * The LWE separation (DESIGN.md §8; issue "LWE through the same reduction"): the bimodal task
 * of Regev (STOC 2005) in the shape Lindner–Peikert (CT-RSA 2011) and FrodoKEM use, with the
 * paper's reduction unchanged around it.
 *
 * - Task (μ_n): S ∈ Z^{n×L}, entries from χ = the rounded Gaussian ⌊N(0, σ²)⌉ with σ = θ·q
 *   (θ is the noise rate σ/q; FrodoKEM-640: σ = 2.8, q = 2^15, θ ≈ 8.54·10^-5).
 * - Examples: A ∈ Z_q^{m×n} uniform, expanded from a fresh public seed (zq.ts, SHAKE128,
 *   domain-separated from LPN's and the reals' expansions); Y = A·S mod q (the noise-free
 *   modality), Z = Y + E mod q with E ← χ^{m×L}.
 * - A_μ: Gauss–Jordan mod q on [A | Y] with unit pivots (zq.ts `solveModQ`): q prime, or q = 2^k
 *   with odd pivots.
 * - Challenge (Bob): r ∈ {−1, 0, 1}^m with a uniform support of weight w and uniform signs;
 *   x* = rᵀA mod q (no error term: m > n leaves r hidden in a coset of the rank-m lattice
 *   {v : vᵀA ≡ 0}, see below), his close values b_j = rᵀz_j mod q.
 * - Alice's close values: a_j = ⟨x*, ŝ_j⟩ = rᵀy_j mod q, so b_j − a_j = d_j = rᵀe_j.
 * - Rule: raw bit = ⌊2v/q⌋ for v ∈ [0, q) (the top bit, FrodoKEM's decode with B = 1); no hint.
 * - Agreement, exact: for a uniform on Z_q (x* is uniform when A is; ⟨x*, s⟩ then is, once s has
 *   a unit coordinate) and independent of d, the bit changes between a and a + d for exactly
 *   2|d̄| of the q values of a, d̄ the centred residue of d (two thresholds, each crossed by |d̄|
 *   values, never both since |d̄| ≤ ⌊q/2⌋ is at most the gap between them). So
 *       Pr[b_A = b_B] = 1 − (2/q)·E|d̄|,   d = Σ_{i ∈ supp r} ±e_i ~ χ^{*w}
 *   (χ is symmetric, so the signs do not matter). `lweAgreement` computes χ^{*w} by exact
 *   convolution (pmf from the normal tail, relative error < 1.2·10^-7; tails below 10^-40
 *   dropped); ≈ 1 − 2σ√w·√(2/π)/q.
 * - Ring Z_q: points and labels as ⌈log2 q⌉-bit residues (ring.ts).
 * - Eve (`attack`, lweEve.ts): the primal route, Kannan's embedding of each column's (A, z_j)
 *   and progressive BKZ (src/lattice usvpAttack), where the embedding is small enough to run;
 *   else linear algebra mod q on the noisy labels, which fails (the noise is multiplied by A⁻¹).
 * - What hides r: finding any short r' with r'ᵀA = x* gives r'ᵀz_j = a_j + r'ᵀe_j. That is a
 *   short vector in a coset of {v : vᵀA ≡ 0 mod q}, the lattice of the dual attack, and is
 *   priced as such (src/cost/lwe.ts `dualAttack`); recovering r itself is LWE of dimension m − n
 *   with n samples and ternary secret and error (Micciancio–Mol, CRYPTO 2011), priced by the
 *   same model (src/cost/lweSession.ts).
 *
 * Randomness order (seeded runs depend on it): the n·L secret Gaussians; per draw of examples
 * the seed of A, then m·L error Gaussians; per challenge w indices, then w sign words.
 */
import { SepkaError } from '../errors.ts';
import { fixedWeightIndices, randomBytes, type Rng } from '../rng.ts';
import { SEED_BYTES } from '../task/expand.ts';
import { lweAttack } from './lweEve.ts';
import { lweAgreement, lweSigma, topBits, type LweParams, type LweView } from './lweLaw.ts';
import { gaussians } from './reals.ts';
import type { PublicPart, Separation, TaskInspect } from './types.ts';
import { checkModulus, dotColumnsModQ, expandModQ, matMulModQ, modQ, solveModQ } from './zq.ts';

export interface LweTask {
  /** n×L small integers, column j = s_j. */
  S: Int32Array;
}
export interface LweExamples {
  seedA: Uint8Array;
  A: Uint32Array;
  /** m×L, noise-free, mod q. */
  Y: Uint32Array;
  /** m×L labels mod q. */
  Z: Uint32Array;
  /** m×L errors (small integers). */
  E: Int32Array;
}
export type { LweParams, LweView } from './lweLaw.ts';
export { lweAgreement, lweChiStd, lweDifferencePmf, lweSigma, roundedGaussianPmf, topBits } from './lweLaw.ts';

export type LweSeparation = Separation<LweTask, LweExamples, Uint32Array, LweView> & { readonly params: LweParams };

/** n·L or m·L draws of χ, as small integers. */
function chi(rng: Rng, count: number, sigma: number): Int32Array {
  return Int32Array.from(gaussians(rng, count), (g) => Math.round(sigma * g) + 0);
}

function drawExamples(p: LweParams, t: LweTask, rng: Rng): LweExamples {
  const seedA = randomBytes(rng, SEED_BYTES);
  const A = expandModQ(seedA, p.m, p.n, p.q);
  const Y = matMulModQ(A, p.m, p.n, t.S, p.L, p.q);
  const E = chi(rng, p.m * p.L, lweSigma(p));
  const Z = Uint32Array.from(Y, (y, i) => modQ(y + E[i], p.q));
  return { seedA, A, Y, Z, E };
}

/** Bob's challenge: r of weight w with random signs, x* = rᵀA, values rᵀZ (mod q). */
function challenge(p: LweParams, v: LweView, rng: Rng): { x: Uint32Array; values: Uint32Array; witness: number[] } {
  const idx = fixedWeightIndices(rng, p.m, p.w);
  const x = new Float64Array(p.n);
  const acc = new Float64Array(p.L);
  for (const i of idx) {
    const sign = rng.u32() & 1 ? p.q - 1 : 1;
    // Lazy reduction (zq.ts): w ≤ 65536 products below 2^32 stay exact.
    for (let a = 0; a < p.n; a++) x[a] += sign * v.A[i * p.n + a];
    for (let j = 0; j < p.L; j++) acc[j] += sign * v.Z[i * p.L + j];
  }
  return { x: Uint32Array.from(x, (u) => modQ(u, p.q)), values: Uint32Array.from(acc, (u) => modQ(u, p.q)), witness: idx };
}

/** The bounds the instance checks (a profile has passed its own checks already). */
function checkParams(p: LweParams): void {
  const bad = (why: string) => new SepkaError('SEPKA_ERR_USAGE', `lwe: ${why}`);
  checkModulus(p.q, 'lwe');
  if (!(Number.isInteger(p.n) && p.n >= 2 && p.n <= 4096)) throw bad(`n must be an integer in [2, 4096], got ${p.n}`);
  if (!(Number.isInteger(p.m) && p.m > p.n)) throw bad(`A_μ needs m > n examples, got m = ${p.m}, n = ${p.n}`);
  if (!(p.theta > 0 && lweSigma(p) >= 0.25 && lweSigma(p) <= p.q / 8)) throw bad(`σ = θq must lie in [0.25, q/8], got ${lweSigma(p)}`);
  if (!(Number.isInteger(p.w) && p.w >= 1 && p.w <= p.m)) throw bad(`w must be an integer in [1, m = ${p.m}], got ${p.w}`);
  if (!(Number.isInteger(p.L) && p.L >= 1 && p.L <= 1024)) throw bad(`L must be an integer in [1, 1024], got ${p.L}`);
}

/** The LWE separation bound to p. */
export function lweSeparation(p: LweParams): LweSeparation {
  checkParams(p);
  const ring = { kind: 'zq', q: p.q } as const;
  let agreement: number | undefined; // one convolution per instance, on first use
  return {
    name: 'lwe',
    params: p,
    n: p.n,
    L: p.L,
    ring,
    rule: 'raw bit = ⌊2v/q⌋ (the top bit of the residue), no hint sent',
    sampleTask: (rng) => ({ S: chi(rng, p.n * p.L, lweSigma(p)) }),
    drawExamples: (t, rng) => drawExamples(p, t, rng),
    learnMultimodal: (ex) => solveModQ(ex.A, ex.Y, p.m, p.n, p.L, p.q),
    publicPart: (ex): PublicPart => ({ seedA: ex.seedA, labels: ex.Z }),
    openPublic: (pub): LweView => ({ A: expandModQ(pub.seedA, p.m, p.n, p.q), Z: pub.labels as Uint32Array }),
    challenge: (v, rng) => challenge(p, v, rng),
    value: (SHat, x) => dotColumnsModQ(x, SHat, p.n, p.L, p.q),
    rawBits: (values) => topBits(values, p.q),
    epsilon: () => 2 * (agreement ??= lweAgreement(p)) - 1,
    attack: (v, budget) => lweAttack(p, v, budget),
    inspect: (): TaskInspect => ({ secrets: [], sHat: [], noise: [] }),
  };
}
