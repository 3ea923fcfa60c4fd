/**
 * Packed GF(2) matrices: row-major, each row padded to `stride` 32-bit words (bit layout as in
 * vec.ts). Rows are contiguous so that a row operation is one tight loop over words, and
 * `row(M, i)` is a zero-copy view.
 */
import { SepkaError } from '../errors.ts';
import { Rng } from '../rng.ts';
import { tailMask, wordsFor } from './vec.ts';

export interface Mat {
  readonly rows: number;
  readonly cols: number;
  /** Words per row: ceil(cols / 32). */
  readonly stride: number;
  readonly data: Uint32Array;
}

export function matZero(rows: number, cols: number): Mat {
  if (!(Number.isInteger(rows) && Number.isInteger(cols) && rows >= 0 && cols >= 0)) {
    throw new SepkaError('SEPKA_ERR_SHAPE', `matZero: bad shape ${rows}×${cols}`);
  }
  const stride = wordsFor(cols);
  return { rows, cols, stride, data: new Uint32Array(rows * stride) };
}

export function matIdentity(n: number): Mat {
  const M = matZero(n, n);
  for (let i = 0; i < n; i++) M.data[i * M.stride + (i >>> 5)] |= 1 << (i & 31);
  return M;
}

/** Zero-copy view of row i. */
export function row(M: Mat, i: number): Uint32Array {
  return M.data.subarray(i * M.stride, (i + 1) * M.stride);
}

export function matGet(M: Mat, i: number, j: number): 0 | 1 {
  return ((M.data[i * M.stride + (j >>> 5)] >>> (j & 31)) & 1) as 0 | 1;
}

export function matSet(M: Mat, i: number, j: number, b: number): void {
  const k = i * M.stride + (j >>> 5);
  const m = 1 << (j & 31);
  if (b & 1) M.data[k] |= m;
  else M.data[k] &= ~m;
}

export function matClone(M: Mat): Mat {
  return { rows: M.rows, cols: M.cols, stride: M.stride, data: M.data.slice() };
}

export function matEqual(A: Mat, B: Mat): boolean {
  if (A.rows !== B.rows || A.cols !== B.cols) return false;
  for (let i = 0; i < A.data.length; i++) if (A.data[i] !== B.data[i]) return false;
  return true;
}

/** Build a matrix from packed rows (each of at least ceil(cols/32) words). */
export function matFromRows(rows: readonly Uint32Array[], cols: number): Mat {
  const M = matZero(rows.length, cols);
  const mask = tailMask(cols);
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    if (r.length < M.stride) throw new SepkaError('SEPKA_ERR_SHAPE', `matFromRows: row ${i} has ${r.length} words, need ${M.stride}`);
    M.data.set(r.subarray(0, M.stride), i * M.stride);
    if (M.stride > 0) M.data[i * M.stride + M.stride - 1] &= mask;
  }
  return M;
}

/** Uniform random matrix (for tests and benchmarks; the protocol's A comes from SHAKE128). */
export function matRandom(rows: number, cols: number, rng: Rng): Mat {
  const M = matZero(rows, cols);
  const mask = tailMask(cols);
  for (let i = 0; i < rows; i++) {
    const o = i * M.stride;
    for (let k = 0; k < M.stride; k++) M.data[o + k] = rng.u32();
    if (M.stride > 0) M.data[o + M.stride - 1] &= mask;
  }
  return M;
}

/** Sub-matrix made of the listed rows, in order. */
export function selectRows(M: Mat, idx: readonly number[]): Mat {
  const S = matZero(idx.length, M.cols);
  for (let k = 0; k < idx.length; k++) S.data.set(row(M, idx[k]), k * M.stride);
  return S;
}

/**
 * M·x: bit i is ⟨row_i, x⟩. Result has M.rows bits. Four rows per pass share each load of x
 * (about 1.7× faster than one row at a time for n ≥ 512, see `npm run bench`).
 */
export function matVec(M: Mat, x: Uint32Array): Uint32Array {
  if (x.length < M.stride) throw new SepkaError('SEPKA_ERR_SHAPE', `matVec: vector has ${x.length} words, need ${M.stride}`);
  const out = new Uint32Array(wordsFor(M.rows));
  const s = M.stride;
  const R = M.rows;
  // Int32 views: AND/XOR results are int32, so V8 never boxes words ≥ 2^31 as doubles.
  const d = new Int32Array(M.data.buffer, M.data.byteOffset, M.data.length);
  const xv = new Int32Array(x.buffer, x.byteOffset, x.length);
  let i = 0;
  for (; i + 3 < R; i += 4) {
    let a0 = 0;
    let a1 = 0;
    let a2 = 0;
    let a3 = 0;
    const o0 = i * s;
    const o1 = o0 + s;
    const o2 = o1 + s;
    const o3 = o2 + s;
    for (let k = 0; k < s; k++) {
      const xk = xv[k];
      a0 ^= d[o0 + k] & xk;
      a1 ^= d[o1 + k] & xk;
      a2 ^= d[o2 + k] & xk;
      a3 ^= d[o3 + k] & xk;
    }
    // i is a multiple of 4, so the four bits land in one word.
    out[i >>> 5] |= (parity(a0) | (parity(a1) << 1) | (parity(a2) << 2) | (parity(a3) << 3)) << (i & 31);
  }
  for (; i < R; i++) {
    let a = 0;
    const o = i * s;
    for (let k = 0; k < s; k++) a ^= d[o + k] & xv[k];
    out[i >>> 5] |= parity(a) << (i & 31);
  }
  return out;
}

/** M·x one row at a time: the straightforward word-level loop (bench baseline, test oracle). */
export function matVecNaive(M: Mat, x: Uint32Array): Uint32Array {
  if (x.length < M.stride) throw new SepkaError('SEPKA_ERR_SHAPE', `matVec: vector has ${x.length} words, need ${M.stride}`);
  const out = new Uint32Array(wordsFor(M.rows));
  const s = M.stride;
  const d = M.data;
  for (let i = 0; i < M.rows; i++) {
    let acc = 0;
    const o = i * s;
    for (let k = 0; k < s; k++) acc ^= d[o + k] & x[k];
    out[i >>> 5] |= parity(acc) << (i & 31);
  }
  return out;
}

/** Parity of a 32-bit word (XOR-fold). */
function parity(a: number): number {
  a ^= a >>> 16;
  a ^= a >>> 8;
  a ^= a >>> 4;
  a ^= a >>> 2;
  a ^= a >>> 1;
  return a & 1;
}

/** xᵀ·M: the XOR of the rows i with x_i = 1. Result has M.cols bits. (Bob's x* = rᵀA.) */
export function vecMat(x: Uint32Array, M: Mat): Uint32Array {
  if (x.length < wordsFor(M.rows)) throw new SepkaError('SEPKA_ERR_SHAPE', `vecMat: vector has ${x.length} words, need ${wordsFor(M.rows)}`);
  const out = new Uint32Array(M.stride);
  const s = M.stride;
  const d = M.data;
  for (let wi = 0; wi < wordsFor(M.rows); wi++) {
    let bits = x[wi];
    while (bits !== 0) {
      const low = bits & -bits;
      const i = (wi << 5) + 31 - Math.clz32(low);
      bits ^= low;
      const o = i * s;
      for (let k = 0; k < s; k++) out[k] ^= d[o + k];
    }
  }
  return out;
}

/**
 * In-place transpose of the 32×32 bit block a[o..o+32) (word i = row i, bit j = column j):
 * five rounds of swapping j×j sub-blocks under a mask (Hacker's Delight, 2nd ed., §7-3, here
 * for least-significant-bit-first columns). 80 word operations instead of 1024 bit moves.
 */
export function transpose32(a: Uint32Array, o = 0): void {
  let m = 0x0000ffff;
  for (let j = 16; j !== 0; j >>>= 1, m = (m ^ (m << j)) >>> 0) {
    for (let k = 0; k < 32; k = (k + j + 1) & ~j) {
      const t = ((a[o + k] >>> j) ^ a[o + k + j]) & m;
      a[o + k + j] ^= t;
      a[o + k] ^= t << j;
    }
  }
}

const block = new Uint32Array(32);

/**
 * Columns c0..c0+count of M as rows: out[t·outStride + …] = column c0 + t (M.rows bits),
 * written (not or-ed) for every t < count. c0 need not be word-aligned. 32×32 blocks.
 */
export function transposeColumns(M: Mat, c0: number, count: number, out: Uint32Array, outStride: number): void {
  const ms = M.stride;
  for (let i0 = 0; i0 < M.rows; i0 += 32) {
    const rows = Math.min(32, M.rows - i0);
    for (let t0 = 0; t0 < count; t0 += 32) {
      const c = c0 + t0;
      const wc = c >>> 5;
      const sh = c & 31;
      for (let ii = 0; ii < 32; ii++) {
        if (ii >= rows) {
          block[ii] = 0;
          continue;
        }
        const o = (i0 + ii) * ms + wc;
        const hi = sh !== 0 && wc + 1 < ms ? M.data[o + 1] << (32 - sh) : 0;
        block[ii] = sh === 0 ? M.data[o] : (M.data[o] >>> sh) | hi;
      }
      transpose32(block);
      const cols = Math.min(32, count - t0);
      // Bits past count in this block belong to later columns; they land in rows ≥ count.
      for (let tt = 0; tt < cols; tt++) out[(t0 + tt) * outStride + (i0 >>> 5)] = block[tt];
    }
  }
}

export function transpose(M: Mat): Mat {
  const T = matZero(M.cols, M.rows);
  transposeColumns(M, 0, M.cols, T.data, T.stride);
  // Columns past M.cols in the last word of a row are zero (tailMask invariant), so no masking.
  return T;
}

/**
 * A·B over GF(2) (A: r×k, B: k×c) by the Method of Four Russians for multiplication (M4RM:
 * Arlazarov, Dinic, Kronrod, Faradzev 1970; Albrecht, Bard, Hart, ACM TOMS 37(1) 2010, §3):
 * for each 8-row slice of B, a table of all 256 XOR-combinations of its rows (one row XOR per
 * entry); row i of the product XORs one entry per byte of row_i(A). Slices are taken in groups
 * whose tables fit in ≈ 256 KB (cache-resident while the rows of A stream past). At 28672×7168 · 7168×128 (Alice's Y = A·S on paper-128) this is
 * ≈ 3.4× the row-by-row vecMat (436 against 1491 ms). Bit-identical to Σ_i row_i(A)ᵀ·B (the test compares).
 */
export function matMul(A: Mat, B: Mat): Mat {
  if (A.cols !== B.rows) throw new SepkaError('SEPKA_ERR_SHAPE', `matMul: ${A.rows}×${A.cols} · ${B.rows}×${B.cols}`);
  const C = matZero(A.rows, B.cols);
  const s = B.stride;
  const cs = C.stride;
  if (s === 0 || A.cols === 0) return C;
  const slices = Math.ceil(A.cols / 8);
  const group = Math.max(1, Math.min(slices, Math.floor((1 << 16) / (256 * s))));
  const T = new Int32Array(group * 256 * s);
  const Bd = new Int32Array(B.data.buffer, B.data.byteOffset, B.data.length);
  const Cd = new Int32Array(C.data.buffer, C.data.byteOffset, C.data.length);
  const Ad = A.data;
  const as = A.stride;
  for (let g0 = 0; g0 < slices; g0 += group) {
    const g1 = Math.min(slices, g0 + group);
    for (let c = g0; c < g1; c++) {
      const base = (c - g0) * 256 * s;
      T.fill(0, base, base + s);
      for (let i = 1; i < 256; i++) {
        const low = 31 - Math.clz32(i & -i);
        const r = c * 8 + low;
        const dst = base + i * s;
        const src = base + (i & (i - 1)) * s;
        if (r >= B.rows) {
          for (let k = 0; k < s; k++) T[dst + k] = T[src + k];
          continue;
        }
        const br = r * s;
        for (let k = 0; k < s; k++) T[dst + k] = T[src + k] ^ Bd[br + k];
      }
    }
    for (let i = 0; i < A.rows; i++) {
      const ao = i * as;
      const co = i * cs;
      for (let c = g0; c < g1; c++) {
        const byte = (Ad[ao + (c >>> 2)] >>> ((c & 3) << 3)) & 255;
        if (byte === 0) continue;
        const e = (c - g0) * 256 * s + byte * s;
        for (let k = 0; k < s; k++) Cd[co + k] ^= T[e + k];
      }
    }
  }
  return C;
}
