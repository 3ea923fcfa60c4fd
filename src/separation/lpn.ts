/**
 * The low-noise LPN separation (DESIGN.md §1–§2), the instance sepka ships, with L label
 * columns over the same examples.
 *
 * - Task (μ_n): L secrets s_j. `lpn`: s_j ← U(F2^n), as DESIGN.md §1. `lpn-sparse-secret`:
 *   s_j ← Ber(θ)^n, LPN in normal form (Applebaum–Cash–Peikert–Sahai, CRYPTO 2009, Lemma 2:
 *   as hard as uniform-secret LPN given n more samples). The second instance exists to show the
 *   protocol runs on any `Separation`; the cost model prices both as uniform-secret LPN with m
 *   samples, which for the sparse secret is an estimate, not a proven bound.
 * - Examples: A (m×n) expanded from a fresh public 32-byte seed (src/task/expand.ts, SHAKE128),
 *   y_j = A s_j (the noise-free modality), z_j = y_j ⊕ e_j with e_j ← Ber(θ)^m.
 * - A_μ: one elimination of [A | Y] solves all L noise-free systems at once (learners/amu.ts,
 *   column by column, gives the same ŝ_j, L times slower); null when rank(A) < n, which a fresh
 *   A has w.p. ≈ 2^-(m−n).
 * - Challenge (Bob): r uniform of weight w, x* = rᵀA, his bits b_B = rᵀZ = ⟨r, z_j⟩.
 * - Label (Alice): b_A = x*ᵀŜ = ⟨x*, ŝ_j⟩; b_A ⊕ b_B = ⟨r, e_j⟩ when ŝ_j = s_j, so the bits
 *   agree w.p. (1 + ε)/2 with ε = (1 − 2θ)^w (exact on average over e for any fixed r).
 * - Ring F2: the close values are the raw bits themselves; points travel as packed n-bit
 *   vectors, labels as packed bits (ring.ts).
 *
 * Randomness order (seeded runs depend on it): the L secrets; then per draw of examples the
 * seed of A, then the L noise vectors.
 */
import { SepkaError } from '../errors.ts';
import { rref } from '../gf2/index.ts';
import { Mat, matZero, row, vecMat } from '../gf2/mat.ts';
import { matMulFast } from '../gf2/product.ts';
import { fromIndices } from '../gf2/vec.ts';
import { fixedWeightIndices, randomBytes, Rng } from '../rng.ts';
import { noiseVector, sampleSecret, validateTaskParams, type UnimodalView } from '../task/bimodal.ts';
import { expandMatrix, SEED_BYTES } from '../task/expand.ts';
import { publish } from './publish.ts';
import { F2 } from './ring.ts';
import type { PublicPart, Separation, SeparationName, TaskInspect } from './types.ts';

/** The numbers an LPN instance is bound to (a profile has them all). */
export interface LpnParams {
  n: number;
  theta: number;
  m: number;
  /** Challenge weight. */
  w: number;
  L: number;
}

export interface LpnTask {
  secrets: Uint32Array[];
  /** n×L, column j = s_j. */
  S: Mat;
}

export interface LpnExamples {
  seedA: Uint8Array;
  A: Mat;
  /** m×L noise-free modality, column j = y_j = A s_j. */
  Y: Mat;
  /** m×L labels, column j = z_j. */
  Z: Mat;
  noise: Uint32Array[];
}

/** A_μ's hypothesis: n×L, column j = ŝ_j. */
export type LpnHypothesis = Mat;

/** The public unimodal data: A and the labels. */
export interface LpnView {
  A: Mat;
  Z: Mat;
}

export type LpnSeparation = Separation<LpnTask, LpnExamples, LpnHypothesis, LpnView> & {
  readonly params: LpnParams;
  unimodalView(view: LpnView, j: number): UnimodalView;
};

/** ε = (1 − 2θ)^w: the bias of ⟨r, e⟩ for i.i.d. Ber(θ) noise and r of weight w. */
export const epsOf = (theta: number, w: number): number => (1 - 2 * theta) ** w;

/** Set column j of M from a packed vector of M.rows bits. */
function setColumn(M: Mat, j: number, v: Uint32Array): void {
  for (let i = 0; i < M.rows; i++) if ((v[i >>> 5] >>> (i & 31)) & 1) M.data[i * M.stride + (j >>> 5)] |= 1 << (j & 31);
}

/** Column j of M as a packed vector. */
export function column(M: Mat, j: number): Uint32Array {
  const v = new Uint32Array((M.rows + 31) >>> 5);
  for (let i = 0; i < M.rows; i++) if ((M.data[i * M.stride + (j >>> 5)] >>> (j & 31)) & 1) v[i >>> 5] |= 1 << (i & 31);
  return v;
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

/** The L secrets of a task: uniform, or (sparse) from the noise distribution Ber(θ)^n. */
function sampleTask(p: LpnParams, sparse: boolean, rng: Rng): LpnTask {
  const secrets: Uint32Array[] = [];
  const S = matZero(p.n, p.L);
  for (let j = 0; j < p.L; j++) {
    secrets.push(sparse ? noiseVector(p.n, p.theta, rng) : sampleSecret(p.n, rng));
    setColumn(S, j, secrets[j]);
  }
  return { secrets, S };
}

function drawExamples(p: LpnParams, t: LpnTask, rng: Rng): LpnExamples {
  const seedA = randomBytes(rng, SEED_BYTES);
  const A = expandMatrix(seedA, p.m, p.n);
  const Y = matMulFast(A, t.S); // Four Russians in WebAssembly SIMD (gf2/product.ts)
  const Z = matZero(p.m, p.L);
  Z.data.set(Y.data);
  const noise: Uint32Array[] = [];
  for (let j = 0; j < p.L; j++) {
    const e = noiseVector(p.m, p.theta, rng);
    noise.push(e);
    for (let i = 0; i < p.m; i++) if ((e[i >>> 5] >>> (i & 31)) & 1) Z.data[i * Z.stride + (j >>> 5)] ^= 1 << (j & 31);
  }
  return { seedA, A, Y, Z, noise };
}

/**
 * A_μ on all L columns: rref of [A | Y]; row k of the reduced system reads ŝ[k] = its Y-part.
 * The labels are noise-free, so any n independent rows determine s: the first n + 32 rows are
 * eliminated first (rank n with probability ≈ 1 − 2^-32) and all m only when they fall short —
 * the same ŝ either way, ≈ 4× less work at m = 4n (≈ 0.7 s saved at paper-128's size).
 */
function learnMultimodal(p: LpnParams, ex: LpnExamples): LpnHypothesis | null {
  if (p.m > p.n + 32) {
    const quick = eliminateRows(p, ex, p.n + 32);
    if (quick) return quick;
  }
  return eliminateRows(p, ex, p.m);
}

/** rref of the first `rows` rows of [A | Y]; ŝ when they have rank n, else null. */
function eliminateRows(p: LpnParams, ex: LpnExamples, rows: number): LpnHypothesis | null {
  const M = matZero(rows, p.n + p.L);
  for (let i = 0; i < rows; i++) {
    const mi = row(M, i);
    mi.set(row(ex.A, i));
    const yi = row(ex.Y, i);
    for (let j = 0; j < p.L; j++) if ((yi[j >>> 5] >>> (j & 31)) & 1) mi[(p.n + j) >>> 5] |= 1 << ((p.n + j) & 31);
  }
  if (rref(M, p.n).rank < p.n) return null; // the noise-free system does not pin s down
  const SHat = matZero(p.n, p.L);
  for (let k = 0; k < p.n; k++) {
    const mk = row(M, k);
    for (let j = 0; j < p.L; j++) if ((mk[(p.n + j) >>> 5] >>> ((p.n + j) & 31)) & 1) SHat.data[k * SHat.stride + (j >>> 5)] |= 1 << (j & 31);
  }
  return SHat;
}

/** The LPN separation bound to p; `sparse` draws secrets from Ber(θ)^n (normal form). */
export function lpnSeparation(p: LpnParams, sparse = false): LpnSeparation {
  // A library boundary: the numbers come from the caller (profiles are validated on load).
  validateTaskParams(p);
  if (!(p.m >= p.n)) throw new SepkaError('SEPKA_ERR_USAGE', `LPN separation: A_μ needs m ≥ n examples, got m = ${p.m}, n = ${p.n}`);
  if (!(Number.isInteger(p.w) && p.w >= 1 && p.w <= p.m)) throw new SepkaError('SEPKA_ERR_USAGE', `LPN separation: challenge weight w must be an integer in [1, m = ${p.m}], got ${p.w}`);
  if (!(Number.isInteger(p.L) && p.L >= 1 && p.L <= 1024)) throw new SepkaError('SEPKA_ERR_USAGE', `LPN separation: label columns L must be an integer in [1, 1024], got ${p.L}`);
  const name: SeparationName = sparse ? 'lpn-sparse-secret' : 'lpn';
  return {
    name,
    params: p,
    n: p.n,
    L: p.L,
    ring: F2,
    rule: 'the close values are the bits themselves (b = ⟨x*, ŝ⟩ over F2)',
    sampleTask: (rng) => sampleTask(p, sparse, rng),
    drawExamples: (t, rng) => drawExamples(p, t, rng),
    learnMultimodal: (ex) => learnMultimodal(p, ex),
    publicPart: (ex): PublicPart => ({ seedA: ex.seedA, labels: labelsOf(ex.Z) }),
    openPublic: (pub): LpnView => ({ A: expandMatrix(pub.seedA, p.m, p.n), Z: labelsToMat(pub.labels as Uint8Array, p.m, p.L) }),
    challenge: (v, rng) => {
      const c = makeChallenge(v.A, v.Z, p.w, rng);
      return { x: c.x, values: c.bits, witness: c.r };
    },
    value: (SHat, x) => aliceRawBits(x as Uint32Array, SHat),
    rawBits: (values) => values as Uint32Array,
    unimodalView: (v, j): UnimodalView => ({ params: { n: p.n, theta: p.theta, m: p.m }, A: v.A, z: column(v.Z, j) }),
    epsilon: () => epsOf(p.theta, p.w),
    inspect: (t, ex, SHat): TaskInspect => ({
      secrets: t.secrets,
      sHat: SHat ? Array.from({ length: p.L }, (_, j) => column(SHat, j)) : [],
      noise: ex?.noise ?? [],
    }),
  };
}

/** Alice's whole publication in LPN terms (tests, bench): the task, examples and ŝ together. */
export interface PublishedLpn extends LpnExamples {
  secrets: Uint32Array[];
  /** n×L, column j = ŝ_j. */
  SHat: Mat;
  attempts: number;
}

/** `publish` (publish.ts) on the LPN separation, flattened. */
export function publishTask(p: LpnParams, rng: Rng, sparse = false): PublishedLpn {
  const t = publish(lpnSeparation(p, sparse), rng);
  return { ...t.examples, secrets: t.task.secrets, SHat: t.h, attempts: t.attempts };
}
