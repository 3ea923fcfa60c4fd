/**
 * The bimodal LPN task and its meta-distribution μ_n(θ, m) (DESIGN.md §1).
 *
 * - A task D_s is a secret s ← U(F2^n).
 * - An example is (x, y, z): x = a ← U(F2^n), y = ⟨a, s⟩ (noise-free modality), z = y ⊕ e,
 *   e ← Ber(θ) (the label).
 * - A unimodal learner sees (x, z); a multimodal learner sees (x, y, z).
 *
 * The m training examples are expanded from a public 32-byte seed (expand.ts), so the protocol
 * only has to send the seed and z. Fresh test examples for risk estimation come from an Rng.
 */
import { SepkaError } from '../errors.ts';
import { Mat, matRandom, matVec } from '../gf2/mat.ts';
import { wordsFor } from '../gf2/vec.ts';
import { bernoulli, randomBytes, Rng } from '../rng.ts';
import { expandMatrix, SEED_BYTES } from './expand.ts';

export interface TaskParams {
  /** Secret length. */
  n: number;
  /** Noise rate; the paper's choice is n^-1/2. */
  theta: number;
  /** Number of training examples; default 4n. */
  m: number;
}

/** Defaults of DESIGN.md §1: θ = n^-1/2, m = 4n. */
export function taskParams(n: number, theta?: number, m?: number): TaskParams {
  const p = { n, theta: theta ?? 1 / Math.sqrt(n), m: m ?? 4 * n };
  validateTaskParams(p);
  return p;
}

export function validateTaskParams(p: TaskParams): void {
  if (!(Number.isInteger(p.n) && p.n >= 2 && p.n <= 1 << 16)) {
    throw new SepkaError('SEPKA_ERR_USAGE', `n must be an integer in [2, 65536], got ${p.n}`);
  }
  if (!(p.theta >= 0 && p.theta < 0.5)) throw new SepkaError('SEPKA_ERR_USAGE', `theta must be in [0, 0.5), got ${p.theta}`);
  if (!(Number.isInteger(p.m) && p.m >= 1 && p.m <= 1 << 20)) {
    throw new SepkaError('SEPKA_ERR_USAGE', `samples m must be an integer in [1, 2^20], got ${p.m}`);
  }
}

/** Noise vector of `len` bits, each Ber(θ), exactly. */
export function noiseVector(len: number, theta: number, rng: Rng): Uint32Array {
  const e = new Uint32Array(wordsFor(len));
  if (theta === 0) return e;
  for (let i = 0; i < len; i++) if (bernoulli(rng, theta)) e[i >>> 5] |= 1 << (i & 31);
  return e;
}

/** Draw a task D_s from μ_n: a uniform secret s ∈ F2^n. */
export function sampleSecret(n: number, rng: Rng): Uint32Array {
  return matRandom(1, n, rng).data;
}

/** What a unimodal learner sees: (x, z) pairs as the m×n matrix A and the label vector z. */
export interface UnimodalView {
  params: TaskParams;
  A: Mat;
  z: Uint32Array;
}

/** What the multimodal learner sees in addition: the noise-free modality y. */
export interface BimodalView extends UnimodalView {
  y: Uint32Array;
}

/** A bimodal training set. The unimodal view is (A, z); the multimodal view adds y. */
export interface BimodalSample {
  params: TaskParams;
  /** Public seed from which A is expanded. */
  seedA: Uint8Array;
  /** m×n example matrix (rows are the x = a_i). */
  A: Mat;
  /** Noise-free modality y = A·s (m bits). */
  y: Uint32Array;
  /** Labels z = y ⊕ e (m bits). */
  z: Uint32Array;
  /** The noise e (kept for analysis only; no learner is given it). */
  e: Uint32Array;
}

/** m examples of D_s: A from the seed (or a fresh seed drawn from rng), e ← Ber(θ)^m. */
export function sampleExamples(params: TaskParams, s: Uint32Array, rng: Rng, seedA?: Uint8Array): BimodalSample {
  const seed = seedA ?? randomBytes(rng, SEED_BYTES);
  const A = expandMatrix(seed, params.m, params.n);
  const y = matVec(A, s);
  const e = noiseVector(params.m, params.theta, rng);
  const z = y.slice();
  for (let k = 0; k < z.length; k++) z[k] ^= e[k];
  return { params, seedA: seed, A, y, z, e };
}

/** T fresh labelled unimodal examples (x, z) of D_s, for estimating population risk. */
export function freshExamples(params: TaskParams, s: Uint32Array, T: number, rng: Rng): { X: Mat; z: Uint32Array } {
  const X = matRandom(T, params.n, rng);
  const z = matVec(X, s);
  const e = noiseVector(T, params.theta, rng);
  for (let k = 0; k < z.length; k++) z[k] ^= e[k];
  return { X, z };
}
