/**
 * Task publication and raw bits (DESIGN.md §2, issue #3 step 2–3).
 *
 * Alice draws L secrets s_j over the same m examples: A from a fresh public 32-byte seed
 * (task/expand.ts, SHAKE128), labels z_j = A s_j ⊕ e_j with e_j ~ Ber(θ)^m. She learns ŝ_j with
 * A_μ from her private bimodal view (A, y_j = A s_j): one elimination of [A | Y] solves all L
 * noise-free systems at once (`fitAmu` column by column gives the same ŝ_j, L times slower).
 * If rank(A) < n (probability ≈ 2^-(m−n)) she draws a new seed.
 *
 * Raw bits, index c·L + j for challenge c and column j:
 *   Bob:   b_B = ⟨r, z_j⟩   (`bobRawBits`,   rᵀZ)
 *   Alice: b_A = ⟨x*, ŝ_j⟩  (`aliceRawBits`, x*ᵀŜ)
 * and b_A ⊕ b_B = ⟨r, e_j⟩ when ŝ_j = s_j.
 */
import { SepkaError } from '../errors.ts';
import { rref } from '../gf2/index.ts';
import { Mat, matZero, row, vecMat } from '../gf2/mat.ts';
import { fromIndices } from '../gf2/vec.ts';
import { fixedWeightIndices, randomBytes, Rng } from '../rng.ts';
import { noiseVector, sampleSecret } from '../task/bimodal.ts';
import { expandMatrix, SEED_BYTES } from '../task/expand.ts';
import type { Profile } from './profile.ts';

export interface PublishedTask {
  seedA: Uint8Array;
  A: Mat;
  /** m×L labels, column j = z_j. */
  Z: Mat;
  /** Alice's private figures (inspection only). */
  secrets: Uint32Array[];
  noise: Uint32Array[];
  /** n×L, column j = ŝ_j. */
  SHat: Mat;
  /** Seeds drawn until rank(A) = n. */
  attempts: number;
}

const MAX_ATTEMPTS = 64;

/** Set column j of M (rows × L) from a packed vector of M.rows bits. */
function setColumn(M: Mat, j: number, v: Uint32Array): void {
  for (let i = 0; i < M.rows; i++) if ((v[i >>> 5] >>> (i & 31)) & 1) M.data[i * M.stride + (j >>> 5)] |= 1 << (j & 31);
}

/** Column j of M as a packed vector. */
export function column(M: Mat, j: number): Uint32Array {
  const v = new Uint32Array((M.rows + 31) >>> 5);
  for (let i = 0; i < M.rows; i++) if ((M.data[i * M.stride + (j >>> 5)] >>> (j & 31)) & 1) v[i >>> 5] |= 1 << (i & 31);
  return v;
}

/** Alice's task: secrets, public seed and labels, and ŝ from A_μ. */
export function publishTask(p: Profile, rng: Rng): PublishedTask {
  const secrets: Uint32Array[] = [];
  const S = matZero(p.n, p.L);
  for (let j = 0; j < p.L; j++) {
    secrets.push(sampleSecret(p.n, rng));
    setColumn(S, j, secrets[j]);
  }
  for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
    const seedA = randomBytes(rng, SEED_BYTES);
    const A = expandMatrix(seedA, p.m, p.n);
    // Y = A·S (noise-free modality), row i = a_iᵀ S; augmented [A | Y] for A_μ.
    const M = matZero(p.m, p.n + p.L);
    const Y = matZero(p.m, p.L);
    for (let i = 0; i < p.m; i++) {
      const yi = vecMat(row(A, i), S);
      row(Y, i).set(yi.subarray(0, Y.stride));
      const mi = row(M, i);
      mi.set(row(A, i));
      for (let j = 0; j < p.L; j++) if ((yi[j >>> 5] >>> (j & 31)) & 1) mi[(p.n + j) >>> 5] |= 1 << ((p.n + j) & 31);
    }
    const { rank } = rref(M, p.n);
    if (rank < p.n) continue; // A_μ cannot pin s down; a fresh A has rank n w.p. ≈ 1 − 2^-(m−n)
    // Row k of the reduced system reads ŝ[k] = (Y-part of row k), for every column at once.
    const SHat = matZero(p.n, p.L);
    for (let k = 0; k < p.n; k++) {
      const mk = row(M, k);
      for (let j = 0; j < p.L; j++) if ((mk[(p.n + j) >>> 5] >>> ((p.n + j) & 31)) & 1) SHat.data[k * SHat.stride + (j >>> 5)] |= 1 << (j & 31);
    }
    const noise: Uint32Array[] = [];
    const Z = Y;
    for (let j = 0; j < p.L; j++) {
      const e = noiseVector(p.m, p.theta, rng);
      noise.push(e);
      for (let i = 0; i < p.m; i++) if ((e[i >>> 5] >>> (i & 31)) & 1) Z.data[i * Z.stride + (j >>> 5)] ^= 1 << (j & 31);
    }
    return { seedA, A, Z, secrets, noise, SHat, attempts: attempt };
  }
  throw new SepkaError('SEPKA_ERR_LEARN_FAILED', `A_μ: rank(A) < n for ${MAX_ATTEMPTS} seeds in a row`);
}

/** Labels as the task message carries them: labels[i·L + j] = z_j[i]. */
export function labelsOf(Z: Mat): Uint8Array {
  const out = new Uint8Array(Z.rows * Z.cols);
  for (let i = 0; i < Z.rows; i++) for (let j = 0; j < Z.cols; j++) out[i * Z.cols + j] = (Z.data[i * Z.stride + (j >>> 5)] >>> (j & 31)) & 1;
  return out;
}

/** Inverse of labelsOf. */
export function labelsToMat(labels: Uint8Array, m: number, L: number): Mat {
  const Z = matZero(m, L);
  for (let i = 0; i < m; i++) for (let j = 0; j < L; j++) if (labels[i * L + j]) Z.data[i * Z.stride + (j >>> 5)] |= 1 << (j & 31);
  return Z;
}

/** Bob's challenge: r uniform of weight w; x* = rᵀA and his L raw bits rᵀZ. */
export function makeChallenge(A: Mat, Z: Mat, w: number, rng: Rng): { r: number[]; x: Uint32Array; bits: Uint32Array } {
  const r = fixedWeightIndices(rng, A.rows, w);
  const rv = fromIndices(A.rows, r);
  return { r, x: vecMat(rv, A), bits: vecMat(rv, Z) };
}

/** Alice's L raw bits for a challenge: x*ᵀŜ. */
export const aliceRawBits = (x: Uint32Array, SHat: Mat): Uint32Array => vecMat(x, SHat);

/** Copy the first L bits of a packed vector into out[offset..offset+L). */
export function spreadBits(v: Uint32Array, L: number, out: Uint8Array, offset: number): void {
  for (let j = 0; j < L; j++) out[offset + j] = (v[j >>> 5] >>> (j & 31)) & 1;
}
