/**
 * A·B over GF(2) with the Method of Four Russians for multiplication (M4RM: Arlazarov, Dinic,
 * Kronrod, Faradzev 1970; Albrecht, Bard, Hart, ACM TOMS 37(1) 2010, §3) run by the WebAssembly
 * SIMD kernels of the elimination (simd.ts), falling back to mat.ts `matMul` (the same method in
 * scalar JS) where SIMD is unavailable or its memory cannot hold the operands.
 *
 * The kernels were written for M4RI's block step, and multiplication is that step with the
 * roles spread over two matrices: for each 32 columns of A, Gray-code tables of all
 * combinations of the matching 32 rows of B (`tables`, 4 tables of 8 rows), and one pass over
 * the rows that reads 32 bits of row_i(A) and XORs four table entries into row_i(C)
 * (`rowpass4`), blocks and rows tiled so that both stay in cache. The pass indexes with bytes
 * of a row and writes at an offset in the same row, so A and C share one array in SIMD memory:
 * row i is [row_i(A) | row_i(C)], A's part padded to whole 16-byte lanes. This is what Alice's labels Y = A·S cost at paper-128's size
 * (28,672 × 7,168 · 7,168 × 128), where the scalar kernel moves one 32-bit word per access.
 */
import { SepkaError } from '../errors.ts';
import { matMul, matZero, type Mat } from './mat.ts';
import { simd, simdView } from './simd.ts';

/** Bits of A each table covers, and tables per row pass (simd.ts NT_MAX). */
const KT = 8;
const NT = 4;
/**
 * Blocks of 32 columns whose tables are built together, and rows per pass. A pass touches two
 * cache lines of each row (the A bytes it reads, the C lanes it writes); one pass per block
 * over all rows streams the whole array from memory 224 times at paper-128's size. Instead
 * GROUP blocks' tables (256 KB at one lane) stay cached while ROWS rows (57 KB there) are
 * reduced by each in turn. Measured at 28,672 × 7,168 · 7,168 × 128 (load ≈ 6, best of 3):
 * one pass per block 202 ms; 8 × 128 rows 123 ms; 16 × 64 rows 60 ms; 32 × 64 rows 58 ms.
 */
const GROUP = 16;
const ROWS = 64;

/**
 * A·B, bit-identical to mat.ts `matMul`. `kernel` 'auto' and 'simd' use WebAssembly SIMD when
 * it is available and its memory can hold the operands; 'js' is the scalar kernel.
 */
export function matMulFast(A: Mat, B: Mat, kernel: 'auto' | 'js' | 'simd' = 'auto'): Mat {
  if (A.cols !== B.rows) throw new SepkaError('SEPKA_ERR_SHAPE', `matMul: ${A.rows}×${A.cols} · ${B.rows}×${B.cols}`);
  const S = kernel === 'js' ? null : simd();
  if (S === null || A.rows === 0 || A.cols === 0 || B.cols === 0) return matMul(A, B);
  // Words: A's part of a row padded to lanes, C's part in whole lanes, the row both.
  const sa = (A.stride + 3) & ~3;
  const sc = (B.stride + 3) & ~3;
  const s = sa + sc;
  const bBase = A.rows * s;
  // The row pass reads 8 bytes at a time from A's part of a row; past A's last word they fall
  // in the same row's C part, and the mask keeps only A's bits. Tables stay 16-byte aligned.
  const tBase = bBase + B.rows * sc;
  const lanes = sc >>> 2;
  const span = (1 << KT) * 16 * lanes;
  const d = simdView(S, 4 * tBase + GROUP * NT * span);
  if (d === null) return matMul(A, B);
  d.fill(0, 0, tBase);
  for (let i = 0; i < A.rows; i++) d.set(A.data.subarray(i * A.stride, (i + 1) * A.stride), i * s);
  for (let k = 0; k < B.rows; k++) d.set(B.data.subarray(k * B.stride, (k + 1) * B.stride), bBase + k * sc);
  const blocks = Math.ceil(A.cols / 32);
  const tableBytes = NT * span;
  for (let g0 = 0; g0 < blocks; g0 += GROUP) {
    const g1 = Math.min(blocks, g0 + GROUP);
    for (let g = g0; g < g1; g++) S.tables(4 * tBase + (g - g0) * tableBytes, 4 * (bBase + 32 * g * sc), 4 * sc, KT, Math.min(32, A.cols - 32 * g), lanes);
    for (let r0 = 0; r0 < A.rows; r0 += ROWS) {
      // The pass's row 0 is row r0: its byte offsets carry r0's.
      const o = 4 * r0 * s;
      for (let g = g0; g < g1; g++) {
        const kbar = Math.min(32, A.cols - 32 * g);
        const kmask = kbar === 32 ? -1 : (1 << kbar) - 1;
        // No row is skipped (skip0 = skip1 = 0): every row of C takes its combination.
        S.rowpass[Math.ceil(kbar / KT)](Math.min(ROWS, A.rows - r0), 4 * s, 0, 0, o + 4 * g, 0, kmask, KT, 4 * tBase + (g - g0) * tableBytes, span, lanes, o + 4 * sa);
      }
    }
  }
  const C = matZero(A.rows, B.cols);
  const out = new Int32Array(C.data.buffer, C.data.byteOffset, C.data.length);
  for (let i = 0; i < A.rows; i++) out.set(d.subarray(i * s + sa, i * s + sa + B.stride), i * C.stride);
  return C;
}
