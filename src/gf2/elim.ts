/**
 * Gaussian elimination over GF(2): reduced row echelon form, rank, solve and inverse.
 *
 * `rrefNaive` is the plain word-level algorithm (one pivot at a time, each row operation a loop
 * over 32-bit words starting at the pivot's word). It is the baseline that `npm run bench`
 * compares against; `rref` is the fast path used everywhere else (see m4ri.ts).
 */
import { SepkaError } from '../errors.ts';
import { Mat, matZero, row } from './mat.ts';
import { tailMask } from './vec.ts';

export interface Echelon {
  rank: number;
  /** pivots[k] = column of the k-th pivot; rows 0..rank-1 hold the pivots in order. */
  pivots: number[];
}

/**
 * In-place reduced row echelon form of the first `maxCol` columns (default: all). Columns past
 * maxCol are carried along (that is how augmented systems [A | b] are solved).
 */
export function rrefNaive(M: Mat, maxCol = M.cols): Echelon {
  const { rows, stride, data } = M;
  const pivots: number[] = [];
  let r = 0;
  for (let c = 0; c < maxCol && r < rows; c++) {
    const wc = c >>> 5;
    const bit = 1 << (c & 31);
    let p = r;
    while (p < rows && (data[p * stride + wc] & bit) === 0) p++;
    if (p === rows) continue;
    if (p !== r) swapRows(M, p, r);
    const ro = r * stride;
    for (let i = 0; i < rows; i++) {
      if (i === r) continue;
      const io = i * stride;
      if ((data[io + wc] & bit) !== 0) for (let k = wc; k < stride; k++) data[io + k] ^= data[ro + k];
    }
    pivots.push(c);
    r++;
  }
  return { rank: r, pivots };
}

export function swapRows(M: Mat, a: number, b: number): void {
  if (a === b) return;
  const { stride, data } = M;
  const ao = a * stride;
  const bo = b * stride;
  for (let k = 0; k < stride; k++) {
    const t = data[ao + k];
    data[ao + k] = data[bo + k];
    data[bo + k] = t;
  }
}

/** [A | B]: columns of B appended after those of A. */
export function augment(A: Mat, B: Mat): Mat {
  if (A.rows !== B.rows) throw new SepkaError('SEPKA_ERR_SHAPE', `augment: ${A.rows} rows vs ${B.rows} rows`);
  const M = matZero(A.rows, A.cols + B.cols);
  for (let i = 0; i < A.rows; i++) {
    const dst = row(M, i);
    dst.set(row(A, i));
    const src = row(B, i);
    for (let j = 0; j < B.cols; j++) {
      if ((src[j >>> 5] >>> (j & 31)) & 1) {
        const t = A.cols + j;
        dst[t >>> 5] |= 1 << (t & 31);
      }
    }
  }
  return M;
}

/**
 * Solve A·x = b for x (A: m×n with m ≥ n). Throws SEPKA_ERR_SINGULAR when rank(A) < n (the
 * solution is not unique) and SEPKA_ERR_INCONSISTENT when no x satisfies every equation.
 */
export function solveWith(
  rref: (M: Mat, maxCol?: number) => Echelon,
  A: Mat,
  b: Uint32Array,
): Uint32Array {
  const n = A.cols;
  const M = matZero(A.rows, n + 1);
  for (let i = 0; i < A.rows; i++) {
    const dst = row(M, i);
    dst.set(row(A, i));
    if ((b[i >>> 5] >>> (i & 31)) & 1) dst[n >>> 5] |= 1 << (n & 31);
  }
  const { rank } = rref(M, n);
  // A row past the rank with a 1 in the b column reads 0 = 1.
  for (let i = rank; i < A.rows; i++) {
    if ((M.data[i * M.stride + (n >>> 5)] >>> (n & 31)) & 1) {
      throw new SepkaError('SEPKA_ERR_INCONSISTENT', `solve: system is inconsistent (rank ${rank}, ${A.rows} equations)`);
    }
  }
  if (rank < n) throw new SepkaError('SEPKA_ERR_SINGULAR', `solve: matrix is singular (rank ${rank} < ${n})`);
  const x = new Uint32Array(A.stride);
  for (let k = 0; k < n; k++) if ((M.data[k * M.stride + (n >>> 5)] >>> (n & 31)) & 1) x[k >>> 5] |= 1 << (k & 31);
  return x;
}

/** A^-1 for square A, by eliminating [A | I]. Throws SEPKA_ERR_SINGULAR. */
export function inverseWith(rref: (M: Mat, maxCol?: number) => Echelon, A: Mat): Mat {
  if (A.rows !== A.cols) throw new SepkaError('SEPKA_ERR_SHAPE', `inverse: ${A.rows}×${A.cols} is not square`);
  const n = A.rows;
  const I = matZero(n, n);
  for (let i = 0; i < n; i++) I.data[i * I.stride + (i >>> 5)] |= 1 << (i & 31);
  const M = augment(A, I);
  const { rank } = rref(M, n);
  if (rank < n) throw new SepkaError('SEPKA_ERR_SINGULAR', `inverse: matrix is singular (rank ${rank} < ${n})`);
  const inv = matZero(n, n);
  const mask = tailMask(n);
  for (let i = 0; i < n; i++) {
    const src = row(M, i);
    const dst = row(inv, i);
    for (let j = 0; j < n; j++) {
      const t = n + j;
      if ((src[t >>> 5] >>> (t & 31)) & 1) dst[j >>> 5] |= 1 << (j & 31);
    }
    if (inv.stride > 0) dst[inv.stride - 1] &= mask;
  }
  return inv;
}
