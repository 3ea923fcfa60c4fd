/**
 * Fast reduced row echelon form over GF(2): the Method of Four Russians for inversion/echelon
 * form ("M4RI"), after G. V. Bard, "Accelerating cryptanalysis with the Method of Four
 * Russians" (2006), and M. Albrecht, G. Bard, W. Hart, "Efficient multiplication of dense
 * matrices over GF(2)", ACM TOMS 37(1), 2010, §3–4; the structure follows the M4RI library's
 * `mzd_echelonize_m4ri` (full reduction).
 *
 * One block of up to K = NT·KT consecutive columns at a time:
 *   1. find the block's pivots exactly as the naive algorithm would (first row at or below the
 *      current rank whose *reduced* bit is set), but reduce only the few rows that become
 *      pivots; the others are reduced in step 3;
 *   2. build NT Gray-code tables of 2^KT rows each: every XOR-combination of KT pivot rows,
 *      one row addition per table entry;
 *   3. every other row reads its K bits in the block and XORs in one entry per table, so one
 *      pass over the row clears K columns instead of K passes.
 * Row operations start at the block's first word, since every row at or below the rank is
 * zero left of the current column and every pivot row is zero left of its pivot.
 *
 * Step 1's pivot search reads a few bits per column and stays in JS; its row additions are
 * recorded and applied in one batch. For rows of ≥ SIMD_MIN_STRIDE words, that batch, the
 * tables and the row pass are one WebAssembly SIMD call each per block (simd.ts), on a copy
 * of the matrix in WebAssembly memory; else they are typed-array loops.
 *
 * Why the result is bit-identical to rrefNaive (including the columns past maxCol and the rows
 * below the rank): the final matrix is determined by which original rows become pivots and by
 * the sequence of row swaps; step 1 makes the same choices and swaps in the same order, and all
 * other row values are the canonical reductions against the pivot rows.
 */
import { Mat } from './mat.ts';
import { Echelon, rrefNaive } from './elim.ts';
import { NT_MAX, Simd, simd, simdView } from './simd.ts';

/**
 * Below this many 32-bit words of matrix (rows × stride) the naive kernel wins: table building
 * costs more than it saves. Measured (median of ≥ 200 runs): naive/M4RI time is 0.9 at
 * 24×24 (24 words), 1.0 at 32×32, 1.2 at 48×48 (96 words), 1.7 at 96×24.
 */
export const M4RI_MIN_WORDS = 48;

/** Table scratch, reused between calls (Eve runs millions of small eliminations). */
let scratch = new Int32Array(0);
const pivBits = new Int32Array(32);

/**
 * Table geometry: NT tables of KT bits; more rows amortise bigger tables (M4RI: k ≈ log2 rows).
 * The SIMD kernel's optimum is flat: interleaved in one process, kt ∈ {6, 7, 8} × 4 tables,
 * 5 × 6 and 4 × 8 are within 10 % of each other at n = 1024 and 2048.
 */
function geometry(rows: number): { kt: number; nt: number } {
  const lg = 31 - Math.clz32(Math.max(rows, 1));
  const kt = Math.max(3, Math.min(8, lg - 4));
  return { kt, nt: NT_MAX };
}

export function rrefFast(M: Mat, maxCol = M.cols): Echelon {
  if (M.rows * M.stride < M4RI_MIN_WORDS) return rrefNaive(M, maxCol);
  return rrefM4ri(M, maxCol);
}

/**
 * Rows of at least this many words run the block step in WebAssembly SIMD (simd.ts). Measured
 * JS/SIMD time (median, interleaved in one process, load ≈ 15): 1.0 at 96×24 and 128×32 (one
 * word), 1.3 at 256×64, 1.5 at 96×96, 1.9 at 128×128, 3.6 at 512×512, 2.9 at 1024×256.
 */
export const SIMD_MIN_STRIDE = 2;

/**
 * The M4RI kernel itself, regardless of size (exported for tests and the bench). `kernel`
 * picks the block step: 'auto' (SIMD for rows of ≥ SIMD_MIN_STRIDE words), 'js' (typed arrays
 * only) or 'simd' (whenever WebAssembly SIMD is available).
 */
export function rrefM4ri(M: Mat, maxCol = M.cols, kernel: 'auto' | 'js' | 'simd' = 'auto'): Echelon {
  const wantSimd = kernel === 'simd' || (kernel === 'auto' && M.stride >= SIMD_MIN_STRIDE);
  const S = wantSimd ? simd() : null;
  const { rows, stride } = M;
  // SIMD memory: rows padded to whole 16-byte lanes, then the tables, then step 1's list.
  const s4 = (stride + 3) & ~3;
  const { kt, nt } = geometry(rows);
  const tBase = rows * s4;
  const listBase = tBase + nt * (1 << kt) * s4;
  const d = S === null ? null : simdView(S, 4 * (listBase + 3 * OPS_MAX));
  if (S === null || d === null) {
    // No SIMD, or its memory cannot hold this matrix: the JS kernel, in place.
    // Int32 view: XOR results are int32, so V8 never boxes words ≥ 2^31 as doubles.
    return eliminate(new Int32Array(M.data.buffer, M.data.byteOffset, M.data.length), M.stride, M.rows, maxCol, null);
  }
  // Rows already whole lanes (stride % 4 == 0): one copy each way instead of one per row.
  // Else a word loop: a typed-array view per row costs more than the copy at these widths.
  const src = new Int32Array(M.data.buffer, M.data.byteOffset, rows * stride);
  if (s4 === stride) d.set(src);
  else {
    for (let i = 0; i < rows; i++) {
      const o = i * s4;
      const p = i * stride;
      for (let w = 0; w < stride; w++) d[o + w] = src[p + w];
      for (let w = stride; w < s4; w++) d[o + w] = 0;
    }
  }
  const ech = eliminate(d, s4, rows, maxCol, { S, kt, nt, tBase, listBase });
  if (s4 === stride) src.set(d.subarray(0, rows * stride));
  else {
    for (let i = 0; i < rows; i++) {
      const o = i * s4;
      const p = i * stride;
      for (let w = 0; w < stride; w++) src[p + w] = d[o + w];
    }
  }
  return ech;
}

/** Where the SIMD block step finds its kernels, tables and list (word offsets into d). */
interface SimdPlan {
  S: Simd;
  kt: number;
  nt: number;
  tBase: number;
  listBase: number;
}

/** Steps 1–3 on rows of `s` words in `d` (the SIMD memory when a plan is given). */
function eliminate(d: Int32Array, s: number, rows: number, maxCol: number, plan: SimdPlan | null): Echelon {
  const { kt, nt } = plan ?? geometry(rows);
  const K = kt * nt;
  const pivots: number[] = [];
  let r = 0;
  let c = 0;
  while (c < maxCol && r < rows) {
    const kMax = Math.min(K, maxCol - c, rows - r);
    const wc = c >>> 5;
    const sh = c & 31;
    const hi = sh !== 0 && wc + 1 < s;
    const kbar = blockPivots(d, s, rows, r, c, kMax, wc, sh, hi);
    for (let j = 0; j < kbar; j++) pivots.push(c + j);
    if (kbar > 0 && plan !== null) blockSimd(plan, d, s, rows, r, c, kbar);
    else if (kbar > 0) {
      for (let q = 0; q < 2 * nOps; q += 2) {
        const dst = ops[q] * s;
        const src = ops[q + 1] * s;
        for (let w = wc; w < s; w++) d[dst + w] ^= d[src + w];
      }
      reduceOthers(d, s, rows, r, kbar, wc, sh, hi, kt, nt);
    }
    r += kbar;
    c += kbar < kMax ? kbar + 1 : kbar; // a short block ended at a column with no pivot
  }
  return { rank: r, pivots };
}

/** Most row operations step 1 records for one block: ≤ j to reduce pivot j, ≤ j to clear it. */
const OPS_MAX = 32 * 31;
/** Step 1's row operations, (dst row, src row) pairs to apply in order: row dst ^= row src. */
const ops = new Int32Array(2 * OPS_MAX);
let nOps = 0;

/**
 * Step 1: the pivots of columns c .. c+kbar-1, stopping at the first column with no pivot;
 * returns kbar. Row swaps happen at once; the row additions that make the pivot rows the
 * identity on the block are recorded in `ops` and applied afterwards, in order. That is exact:
 * the pivot search reads only the block bits of rows at or below r + j, which no recorded
 * operation touches (they involve pivot rows only), and pivBits carries the reduced block
 * bits of the pivot rows themselves.
 */
function blockPivots(d: Int32Array, s: number, rows: number, r: number, c: number, kMax: number, wc: number, sh: number, hi: boolean): number {
  const kmask = kMax === 32 ? -1 : (1 << kMax) - 1;
  nOps = 0;
  let kbar = 0;
  for (; kbar < kMax; kbar++) {
    const j = kbar;
    const low = (1 << j) - 1; // bits of the pivots found so far (contiguous columns)
    let found = -1;
    let v = 0;
    let red = 0;
    for (let p = r + j; p < rows; p++) {
      const o = p * s + wc;
      v = ((d[o] >>> sh) | (hi ? d[o + 1] << (32 - sh) : 0)) & kmask;
      red = v;
      for (let x = v & low; x !== 0; x &= x - 1) red ^= pivBits[31 - Math.clz32(x & -x)];
      if ((red >>> j) & 1) {
        found = p;
        break;
      }
    }
    if (found < 0) break;
    const ro = (r + j) * s;
    if (found !== r + j) {
      const fo = found * s;
      for (let w = wc; w < s; w++) {
        const t = d[fo + w];
        d[fo + w] = d[ro + w];
        d[ro + w] = t;
      }
    }
    // Pivot rows are the identity on the block's pivot columns, so v's low bits are exactly
    // the combination that reduces the new row.
    for (let x = v & low; x !== 0; x &= x - 1) {
      ops[2 * nOps] = r + j;
      ops[2 * nOps++ + 1] = r + 31 - Math.clz32(x & -x);
    }
    // Clear column c+j from the block's earlier pivot rows.
    for (let l = 0; l < j; l++) {
      if ((pivBits[l] >>> j) & 1) {
        ops[2 * nOps] = r + l;
        ops[2 * nOps++ + 1] = r + j;
        pivBits[l] ^= red;
      }
    }
    pivBits[j] = red;
  }
  return kbar;
}

/**
 * Steps 1 (the recorded additions), 2 and 3 in WebAssembly SIMD. Rows start at the 16-byte
 * lane holding column c: the words left of c in that lane are zero in every row at or below
 * r and in every pivot row, hence in every table entry, so XORing them is harmless.
 */
function blockSimd(plan: SimdPlan, d: Int32Array, s: number, rows: number, r: number, c: number, kbar: number): void {
  const { S, kt, tBase, listBase } = plan;
  const w0 = (c >>> 5) & ~3;
  const lanes = (s - w0) >>> 2;
  for (let q = 0; q < nOps; q++) {
    const dst = 4 * (ops[2 * q] * s + w0);
    d[listBase + 3 * q] = dst;
    d[listBase + 3 * q + 1] = dst;
    d[listBase + 3 * q + 2] = 4 * (ops[2 * q + 1] * s + w0);
  }
  if (nOps > 0) S.xor2batch(4 * listBase, nOps, lanes);
  S.tables(4 * tBase, 4 * (r * s + w0), 4 * s, kt, kbar, lanes);
  const kmask = kbar === 32 ? -1 : (1 << kbar) - 1;
  const span = (1 << kt) * 16 * lanes;
  S.rowpass[Math.ceil(kbar / kt)](rows, 4 * s, r, r + kbar, c >>> 3, c & 7, kmask, kt, 4 * tBase, span, lanes, 4 * w0);
}

/**
 * Steps 2–3: with pivot rows r..r+kbar-1 (identity on columns c..c+kbar-1), clear those
 * columns from every other row using Gray-code tables of kt pivot rows each.
 */
function reduceOthers(
  d: Int32Array,
  s: number,
  rows: number,
  r: number,
  kbar: number,
  wc: number,
  sh: number,
  hi: boolean,
  kt: number,
  ntMax: number,
): void {
  const tw = s - wc;
  const nt = Math.min(ntMax, Math.ceil(kbar / kt));
  const span = (1 << kt) * tw; // words per table
  if (scratch.length < nt * span) scratch = new Int32Array(nt * span * 2);
  const T = scratch;
  for (let t = 0; t < nt; t++) {
    const bits = Math.min(kt, kbar - t * kt);
    const base = t * span;
    for (let w = 0; w < tw; w++) T[base + w] = 0;
    // Gray code: entry g(i) = entry g(i-1) XOR pivot row ctz(i), one row addition per entry.
    let prev = base;
    for (let i = 1; i < 1 << bits; i++) {
      const g = i ^ (i >>> 1);
      const l = 31 - Math.clz32(i & -i);
      const po = (r + t * kt + l) * s + wc;
      const dst = base + g * tw;
      for (let w = 0; w < tw; w++) T[dst + w] = T[prev + w] ^ d[po + w];
      prev = dst;
    }
  }
  const kmask = kbar === 32 ? -1 : (1 << kbar) - 1;
  const m = (1 << kt) - 1;
  const k2 = 2 * kt;
  const k3 = 3 * kt;
  for (let i = 0; i < rows; i++) {
    if (i === r) {
      i += kbar - 1;
      continue;
    }
    const o = i * s + wc;
    const x = ((d[o] >>> sh) | (hi ? d[o + 1] << (32 - sh) : 0)) & kmask;
    if (x === 0) continue;
    const a = (x & m) * tw;
    if (nt === 1) {
      for (let w = 0; w < tw; w++) d[o + w] ^= T[a + w];
    } else if (nt === 2) {
      const b = span + ((x >>> kt) & m) * tw;
      for (let w = 0; w < tw; w++) d[o + w] ^= T[a + w] ^ T[b + w];
    } else if (nt === 3) {
      const b = span + ((x >>> kt) & m) * tw;
      const e = 2 * span + ((x >>> k2) & m) * tw;
      for (let w = 0; w < tw; w++) d[o + w] ^= T[a + w] ^ T[b + w] ^ T[e + w];
    } else {
      const b = span + ((x >>> kt) & m) * tw;
      const e = 2 * span + ((x >>> k2) & m) * tw;
      const f = 3 * span + ((x >>> k3) & m) * tw;
      for (let w = 0; w < tw; w++) d[o + w] ^= T[a + w] ^ T[b + w] ^ T[e + w] ^ T[f + w];
    }
  }
}
