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
 * Steps 2–3 dominate; for rows of ≥ SIMD_MIN_STRIDE words they run as 128-bit WebAssembly SIMD
 * XORs (simd.ts) on a copy of the matrix in WebAssembly memory, else as typed-array loops.
 *
 * Why the result is bit-identical to rrefNaive (including the columns past maxCol and the rows
 * below the rank): the final matrix is determined by which original rows become pivots and by
 * the sequence of row swaps; step 1 makes the same choices and swaps in the same order, and all
 * other row values are the canonical reductions against the pivot rows.
 */
import { Mat } from './mat.ts';
import { Echelon, rrefNaive } from './elim.ts';
import { Simd, simd, simdView } from './simd.ts';

/**
 * Below this many 32-bit words of matrix (rows × stride) the naive kernel wins: table building
 * costs more than it saves. Measured (median of ≥ 200 runs): naive/M4RI time is 0.9 at
 * 24×24 (24 words), 1.0 at 32×32, 1.2 at 48×48 (96 words), 1.7 at 96×24.
 */
export const M4RI_MIN_WORDS = 48;

/** Table scratch, reused between calls (Eve runs millions of small eliminations). */
let scratch = new Int32Array(0);
const pivBits = new Int32Array(32);

/** Table geometry: NT tables of KT bits; more rows amortise bigger tables (M4RI: k ≈ log2 rows). */
function geometry(rows: number): { kt: number; nt: number } {
  const lg = 31 - Math.clz32(Math.max(rows, 1));
  const kt = Math.max(3, Math.min(8, lg - 4));
  return { kt, nt: 4 };
}

export function rrefFast(M: Mat, maxCol = M.cols): Echelon {
  if (M.rows * M.stride < M4RI_MIN_WORDS) return rrefNaive(M, maxCol);
  return rrefM4ri(M, maxCol);
}

/**
 * Rows of at least this many words run the row pass in WebAssembly SIMD (simd.ts); narrower
 * rows stay in JS, where a call per row costs more than it saves. Measured JS/SIMD time:
 * 0.7 at 128×128, 0.9 at 192×192, 1.1 at 256×256, 2.0 at 512×512, 3.8 at 1024×1024.
 */
export const SIMD_MIN_STRIDE = 8;

/**
 * The M4RI kernel itself, regardless of size (exported for tests and the bench). `kernel`
 * picks the row pass: 'auto' (SIMD for rows of ≥ SIMD_MIN_STRIDE words), 'js' (typed arrays
 * only) or 'simd' (whenever WebAssembly SIMD is available).
 */
export function rrefM4ri(M: Mat, maxCol = M.cols, kernel: 'auto' | 'js' | 'simd' = 'auto'): Echelon {
  const wantSimd = kernel === 'simd' || (kernel === 'auto' && M.stride >= SIMD_MIN_STRIDE);
  const S = wantSimd ? simd() : null;
  // Rows padded to whole 16-byte lanes in the SIMD memory, tables after the matrix.
  const { rows, stride } = M;
  const s4 = (stride + 3) & ~3;
  const { kt, nt } = geometry(rows);
  const tBase = rows * s4;
  // After the tables: the batch calls' offset lists, 5 words per row (row pass) or 3 per table entry (Gray-code tables).
  const d = S === null ? null : simdView(S, 4 * (tBase + nt * (1 << kt) * s4 + Math.max(5 * rows, 3 * nt * (1 << kt))));
  if (S === null || d === null) {
    // No SIMD, or its memory cannot hold this matrix: the JS kernel, in place.
    // Int32 view: XOR results are int32, so V8 never boxes words ≥ 2^31 as doubles.
    return eliminate(new Int32Array(M.data.buffer, M.data.byteOffset, M.data.length), M.stride, M.rows, maxCol, null, 0);
  }
  // Rows already whole lanes (stride % 4 == 0): one copy each way instead of one per row.
  if (s4 === stride) d.set(new Int32Array(M.data.buffer, M.data.byteOffset, rows * stride));
  else {
    for (let i = 0; i < rows; i++) {
      d.set(new Int32Array(M.data.buffer, M.data.byteOffset + 4 * i * stride, stride), i * s4);
      d.fill(0, i * s4 + stride, (i + 1) * s4);
    }
  }
  const ech = eliminate(d, s4, rows, maxCol, S, tBase);
  if (s4 === stride) M.data.set(new Uint32Array(d.buffer, 0, rows * stride));
  else for (let i = 0; i < rows; i++) M.data.set(new Uint32Array(d.buffer, 4 * i * s4, stride), i * stride);
  return ech;
}

/** Steps 1–3 on rows of `s` words in `d` (the SIMD memory when S is given, tables at tBase). */
function eliminate(d: Int32Array, s: number, rows: number, maxCol: number, S: Simd | null, tBase: number): Echelon {
  const { kt, nt } = geometry(rows);
  const K = kt * nt;
  const pivots: number[] = [];
  let r = 0;
  let c = 0;
  while (c < maxCol && r < rows) {
    const kMax = Math.min(K, maxCol - c, rows - r);
    const wc = c >>> 5;
    const sh = c & 31;
    const hi = sh !== 0 && wc + 1 < s;
    const kmask = kMax === 32 ? -1 : (1 << kMax) - 1;
    // Step 1: pivots of columns c .. c+kbar-1, stopping at the first column with no pivot.
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
      // Pivot rows are the identity on the block's pivot columns, so v's low bits are exactly
      // the combination that reduces the new row.
      const fo = found * s;
      for (let x = v & low; x !== 0; x &= x - 1) {
        const po = (r + 31 - Math.clz32(x & -x)) * s;
        addRow(d, S, fo, po, wc, s);
      }
      const ro = (r + j) * s;
      if (found !== r + j) {
        for (let w = wc; w < s; w++) {
          const t = d[fo + w];
          d[fo + w] = d[ro + w];
          d[ro + w] = t;
        }
      }
      // Clear column c+j from the block's earlier pivot rows.
      for (let l = 0; l < j; l++) {
        if ((pivBits[l] >>> j) & 1) {
          const lo = (r + l) * s;
          addRow(d, S, lo, ro, wc, s);
          pivBits[l] ^= red;
        }
      }
      pivBits[j] = red;
      pivots.push(c + j);
    }
    if (kbar > 0 && S !== null) reduceOthersSimd(S, d, s, rows, r, kbar, wc, sh, hi, kt, nt, tBase);
    else if (kbar > 0) reduceOthers(d, s, rows, r, kbar, wc, sh, hi, kt, nt);
    r += kbar;
    c += kbar < kMax ? kbar + 1 : kbar; // a short block ended at a column with no pivot
  }
  return { rank: r, pivots };
}

/**
 * Row dst ^= row src from word wc on (both rows are zero left of the current column). In SIMD
 * memory, from the start of wc's 16-byte lane: the extra words are zero in both rows.
 */
function addRow(d: Int32Array, S: Simd | null, dst: number, src: number, wc: number, s: number): void {
  if (S !== null) {
    const w0 = wc & ~3;
    S.xor2(4 * (dst + w0), 4 * (dst + w0), 4 * (src + w0), (s - w0) >>> 2);
  } else for (let w = wc; w < s; w++) d[dst + w] ^= d[src + w];
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

/**
 * reduceOthers with the table build and the row pass in WebAssembly SIMD. Rows start at the
 * 16-byte lane holding column c; the words left of c in that lane are zero in every pivot row,
 * hence in every table entry, so XORing them is harmless.
 */
function reduceOthersSimd(
  S: Simd,
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
  tBase: number,
): void {
  const w0 = wc & ~3;
  const tw = s - w0;
  const lanes = tw >>> 2;
  const nt = Math.min(ntMax, Math.ceil(kbar / kt));
  const span = (1 << kt) * tw;
  const list = tBase + ntMax * (1 << kt) * s; // word index of the offsets list, after the largest tables
  let count = 0;
  for (let t = 0; t < nt; t++) {
    const bits = Math.min(kt, kbar - t * kt);
    const base = tBase + t * span;
    d.fill(0, base, base + tw);
    let prev = base;
    for (let i = 1; i < 1 << bits; i++) {
      const dst = base + (i ^ (i >>> 1)) * tw;
      const q = list + 3 * count++;
      d[q] = 4 * dst;
      d[q + 1] = 4 * prev;
      d[q + 2] = 4 * ((r + t * kt + 31 - Math.clz32(i & -i)) * s + w0);
      prev = dst;
    }
  }
  if (count > 0) S.xor2batch(4 * list, count, lanes); // in order: each entry reads the one before
  count = 0;
  const kmask = kbar === 32 ? -1 : (1 << kbar) - 1;
  const m = (1 << kt) - 1;
  const zero = 4 * tBase; // entry 0 of table 0: stands in for the tables past nt
  const t1 = 4 * (tBase + span);
  const t2 = 4 * (tBase + 2 * span);
  const t3 = 4 * (tBase + 3 * span);
  const bw = 4 * tw;
  for (let i = 0; i < rows; i++) {
    if (i === r) {
      i += kbar - 1;
      continue;
    }
    const o = i * s + wc;
    const x = ((d[o] >>> sh) | (hi ? d[o + 1] << (32 - sh) : 0)) & kmask;
    if (x === 0) continue;
    const q = list + 5 * count++;
    d[q] = 4 * (i * s + w0);
    d[q + 1] = zero + (x & m) * bw;
    d[q + 2] = nt > 1 ? t1 + ((x >>> kt) & m) * bw : zero;
    d[q + 3] = nt > 2 ? t2 + ((x >>> (2 * kt)) & m) * bw : zero;
    d[q + 4] = nt > 3 ? t3 + ((x >>> (3 * kt)) & m) * bw : zero;
  }
  // One call for the whole pass: no row's update reads another non-pivot row.
  if (count > 0) S.xor4batch(4 * list, count, lanes);
}
