/**
 * Linear algebra mod q for the LWE instance (lwe.ts): A ∈ Z_q^{m×n} expanded from a public seed,
 * products mod q, and A_μ's Gauss–Jordan solve of the noise-free system Y = A·S (mod q).
 *
 * - Expansion: SHAKE128 (FIPS 202, src/task/expand.ts `shakeBytes`) of the ASCII label
 *   `sepka/v1/expand|lwe-A|q=<q>|<m>x<n>|` then the seed, read as little-endian 32-bit words and
 *   reduced by rejection (a word is used only below ⌊2^32/q⌋·q, so every residue is equally
 *   likely; the stream is sized with room for rejections and extended if it runs out).
 * - Solve: Gauss–Jordan on [A | Y] with unit pivots only — any nonzero pivot when q is prime,
 *   an odd one when q = 2^k (the units of Z_{2^k}) — the same pivot rule as src/lattice/qary.ts
 *   `dualBasis`; null when no unit pivot remains for some column (A_μ then asks for fresh
 *   examples, publish.ts).
 * - Numerics: every residue is < q ≤ 2^16, so a product of two is < 2^32, and a sum of up to
 *   2^21 such products is an exact integer in float64 (< 2^53). Sums are therefore reduced mod q
 *   only at the end ("lazy reduction"): n, m ≤ 65536 terms in every sum here, and the float
 *   products are reals.ts's `matMulReal`/`dotColumns`, reduced mod q once.
 */
import { SepkaError } from '../errors.ts';
import { invMod } from '../lattice/qary.ts';
import { shakeBytes, SEED_BYTES } from '../task/expand.ts';
import { dotColumns, matMulReal } from './reals.ts';
import { utf8ToBytes } from '@noble/hashes/utils.js';

/** Largest modulus the instance accepts: products of residues stay below 2^32. */
export const MAX_Q = 1 << 16;

/** Whether q is prime or a power of two (the moduli whose units A_μ's pivot rule knows). */
export function isSupportedModulus(q: number): boolean {
  if (!Number.isInteger(q) || q < 2 || q > MAX_Q) return false;
  if ((q & (q - 1)) === 0) return true;
  for (let p = 2; p * p <= q; p++) if (q % p === 0) return false;
  return true;
}

/** x mod q in [0, q). */
export const modQ = (x: number, q: number): number => ((x % q) + q) % q;

/** x mod q in (−q/2, q/2]. */
export function centredQ(x: number, q: number): number {
  const r = modQ(x, q);
  return r > q / 2 ? r - q : r;
}

/** A ∈ Z_q^{rows×cols}, row-major, uniform, from a public 32-byte seed (header). */
export function expandModQ(seed: Uint8Array, rows: number, cols: number, q: number): Uint32Array {
  if (!(seed instanceof Uint8Array) || seed.length !== SEED_BYTES) throw new SepkaError('SEPKA_ERR_SHAPE', `expandModQ: seed must be ${SEED_BYTES} bytes`);
  const count = rows * cols;
  const limit = Math.floor(2 ** 32 / q) * q;
  const out = new Uint32Array(count);
  const label = utf8ToBytes(`sepka/v1/expand|lwe-A|q=${q}|${rows}x${cols}|`);
  const input = new Uint8Array(label.length + seed.length);
  input.set(label);
  input.set(seed, label.length);
  // Rejections are rare (< 2^-16 of words for q ≤ 2^16) but possible: ask for 1/64 more words
  // and, in the unlikely event that is not enough, a longer prefix of the same stream.
  let words = count + (count >>> 6) + 16;
  for (;;) {
    const bytes = shakeBytes(input, 4 * words);
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    let k = 0;
    for (let w = 0; w < words && k < count; w++) {
      const u = dv.getUint32(4 * w, true);
      if (u < limit) out[k++] = u % q;
    }
    if (k === count) return out;
    words *= 2;
  }
}

/** C = A·B mod q for A (r×k) and B (k×c) with small or reduced entries, row-major. */
export function matMulModQ(A: Uint32Array, r: number, k: number, B: Int32Array | Uint32Array, c: number, q: number): Uint32Array {
  // Lazy reduction (header): k products below 2^32 sum below 2^45, exact in float64.
  return Uint32Array.from(matMulReal(A, r, k, B, c), (v) => modQ(v, q));
}

/** ⟨x, column j of S⟩ mod q for every column: x (n) times S (n×L). */
export function dotColumnsModQ(x: ArrayLike<number>, S: Int32Array | Uint32Array, n: number, L: number, q: number): Uint32Array {
  return Uint32Array.from(dotColumns(x, S, n, L), (v) => modQ(v, q));
}

const isUnit = (a: number, q: number): boolean => a !== 0 && ((q & (q - 1)) !== 0 || (a & 1) === 1);

/**
 * A_μ: S with A·S ≡ Y (mod q) (header), A m×n, Y m×L; S n×L with entries in [0, q), or null.
 * The first n + 32 rows are eliminated first (enough unit pivots but with probability
 * ≈ 2^-32 for a uniform A) and all m only when they fall short, as LPN's A_μ does.
 */
export function solveModQ(A: Uint32Array, Y: Uint32Array, m: number, n: number, L: number, q: number): Uint32Array | null {
  if (m > n + 32) {
    const quick = solveRows(A, Y, n + 32, n, L, q);
    if (quick) return quick;
  }
  return solveRows(A, Y, m, n, L, q);
}

/**
 * Gauss–Jordan on the first R rows of [A | Y], column by column, with lazy reduction: a
 * pivot row is reduced mod q when chosen, and the other rows take f·(pivot row) with f reduced,
 * so each entry gathers at most n products below 2^32 before the end (< 2^45: exact).
 */
function solveRows(A: Uint32Array, Y: Uint32Array, R: number, n: number, L: number, q: number): Uint32Array | null {
  const w = n + L;
  const M: Float64Array[] = [];
  for (let i = 0; i < R; i++) {
    const v = new Float64Array(w);
    for (let t = 0; t < n; t++) v[t] = A[i * n + t];
    for (let j = 0; j < L; j++) v[n + j] = Y[i * L + j];
    M.push(v);
  }
  for (let c = 0; c < n; c++) {
    let p = c;
    while (p < R && !isUnit(modQ(M[p][c], q), q)) p++;
    if (p === R) return null;
    [M[c], M[p]] = [M[p], M[c]];
    const P = M[c];
    for (let t = c; t < w; t++) P[t] = modQ(P[t], q);
    const inv = invMod(P[c], q);
    for (let t = c; t < w; t++) P[t] = (P[t] * inv) % q;
    for (let i = 0; i < R; i++) {
      if (i === c) continue;
      const row = M[i];
      const f = modQ(row[c], q);
      if (f === 0) continue;
      row[c] = 0;
      for (let t = c + 1; t < w; t++) row[t] -= f * P[t];
    }
  }
  const S = new Uint32Array(n * L);
  for (let c = 0; c < n; c++) for (let j = 0; j < L; j++) S[c * L + j] = modQ(M[c][n + j], q);
  return S;
}

/** Refuse a modulus outside what the instance handles, in one line. */
export function checkModulus(q: number, who: string): void {
  if (!isSupportedModulus(q)) throw new SepkaError('SEPKA_ERR_USAGE', `${who}: q must be a prime or a power of two in [2, ${MAX_Q}], got ${q}`);
}
