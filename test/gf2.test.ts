/**
 * Property tests (fast-check) for the GF(2) core: algebraic invariants of elimination, solve
 * and inverse; the M4RI kernel is checked bit for bit against the naive one on random shapes
 * (the naive kernel is the oracle, see src/gf2/m4ri.ts for why they must agree exactly).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  inverse,
  matClone,
  matEqual,
  matIdentity,
  matMul,
  matRandom,
  matVec,
  matVecNaive,
  matZero,
  pack,
  rank,
  row,
  rref,
  rrefNaive,
  solve,
  matGet,
  transpose,
  transposeColumns,
  unpack,
  vecEqual,
  vecMat,
  wordsFor,
  xorInto,
  type Mat,
} from '../src/gf2/index.ts';
import { rrefM4ri } from '../src/gf2/m4ri.ts';
import { simd, simdView, SIMD_MAX_BYTES, type Simd } from '../src/gf2/simd.ts';
import { seededRng, uniformInt, type Rng } from '../src/rng.ts';
import { SepkaError } from '../src/errors.ts';

const FC = { seed: 20240611, numRuns: 150 };
const rngOf = (seed: number) => seededRng(seed, 'test/gf2');

/** A random matrix of one of several kinds: uniform, low rank, duplicated rows, sparse. */
function matOfKind(rows: number, cols: number, kind: number, rng: Rng): Mat {
  if (kind === 0) return matRandom(rows, cols, rng);
  if (kind === 1) {
    const k = uniformInt(rng, Math.min(rows, cols) + 1);
    return matMul(matRandom(rows, k, rng), matRandom(k, cols, rng));
  }
  const M = matRandom(rows, cols, rng);
  if (kind === 2) {
    for (let i = 0; i < rows; i++) if (uniformInt(rng, 3) === 0) row(M, i).set(row(M, uniformInt(rng, rows)));
  } else {
    // Sparse: about 1/8 of the bits set, so many columns have no pivot.
    for (let k = 0; k < M.data.length; k++) M.data[k] &= rng.u32() & rng.u32();
  }
  return M;
}

const shape = (maxRows: number, maxCols: number) =>
  fc.record({
    rows: fc.integer({ min: 1, max: maxRows }),
    cols: fc.integer({ min: 1, max: maxCols }),
    kind: fc.integer({ min: 0, max: 3 }),
    maxColFrac: fc.oneof(fc.constant(1), fc.double({ min: 0, max: 1, noNaN: true })),
    seed: fc.integer(),
  });

function randomInvertible(n: number, rng: Rng): Mat {
  for (;;) {
    const A = matRandom(n, n, rng);
    if (rank(A) === n) return A;
  }
}

const codeOf = (f: () => unknown): string | undefined => {
  try {
    f();
  } catch (e) {
    return e instanceof SepkaError ? e.code : 'not a SepkaError';
  }
  return undefined;
};

describe('pack / unpack', () => {
  it('round-trips for every length, including lengths that are not multiples of 32', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 1 }), { maxLength: 300 }), (bits) => {
        const v = pack(bits);
        expect(v.length).toBe(wordsFor(bits.length));
        expect(Array.from(unpack(v, bits.length))).toEqual(bits);
        // Bits past the length stay zero (the invariant word-level dots rely on).
        if (bits.length % 32 !== 0) expect(v[v.length - 1] >>> (bits.length % 32)).toBe(0);
      }),
      FC,
    );
  });
});

describe('M4RI elimination', () => {
  it('has WebAssembly SIMD on Node ≥ 20 (otherwise the fast path silently falls back to JS)', () => {
    expect(simd()).not.toBeNull();
  });

  it('SIMD memory: grows on demand, and reports null (JS fallback) instead of throwing when it cannot', () => {
    const S = simd()!;
    const before = S.memory.buffer.byteLength;
    const view = simdView(S, before + 65536 + 1)!;
    expect(view.byteLength).toBeGreaterThanOrEqual(before + 65537);
    expect(S.memory.buffer.byteLength).toBe(view.byteLength);
    expect(simdView(S, SIMD_MAX_BYTES + 1)).toBeNull();
    // A memory whose maximum is reached: grow() throws RangeError, simdView must not.
    const capped: Simd = { ...S, memory: new WebAssembly.Memory({ initial: 1, maximum: 1 }) };
    expect(simdView(capped, 65536)!.byteLength).toBe(65536);
    expect(simdView(capped, 65537)).toBeNull();
  });

  it('is bit-identical to rrefNaive on random shapes (tall, wide, maxCol < cols, rank-deficient)', () => {
    fc.assert(
      fc.property(shape(200, 200), ({ rows, cols, kind, maxColFrac, seed }) => {
        const A = matOfKind(rows, cols, kind, rngOf(seed));
        const maxCol = Math.round(maxColFrac * cols);
        const a = matClone(A);
        const want = rrefNaive(a, maxCol);
        // The kernel itself, whatever the size, with each row pass; then the dispatcher.
        for (const run of [
          (M: Mat) => rrefM4ri(M, maxCol, 'js'),
          (M: Mat) => rrefM4ri(M, maxCol, 'simd'),
          (M: Mat) => rref(M, maxCol),
        ]) {
          const b = matClone(A);
          expect(run(b)).toEqual(want);
          expect(matEqual(b, a)).toBe(true);
        }
      }),
      FC,
    );
  });

  it('agrees with rrefNaive on large matrices (8-bit tables, blocks across word boundaries)', () => {
    const rng = rngOf(7);
    for (const [rows, cols, kind, maxCol] of [
      [1024, 1024, 0, 1024],
      [2100, 700, 1, 700],
      [600, 1500, 3, 1100],
      [1200, 1025, 2, 1001],
    ]) {
      const A = matOfKind(rows, cols, kind, rng);
      const a = matClone(A);
      const want = rrefNaive(a, maxCol);
      for (const kernel of ['js', 'simd'] as const) {
        const b = matClone(A);
        expect(rrefM4ri(b, maxCol, kernel)).toEqual(want);
        expect(matEqual(a, b)).toBe(true);
      }
    }
  });

  it('gives a reduced echelon form: pivot columns are unit columns, rows below the rank are zero', () => {
    fc.assert(
      fc.property(shape(120, 120), ({ rows, cols, kind, seed }) => {
        const M = matOfKind(rows, cols, kind, rngOf(seed));
        const { rank: r, pivots } = rref(M);
        let unitColumns = true;
        for (let k = 0; k < r; k++) {
          const p = pivots[k];
          for (let i = 0; i < rows; i++) unitColumns &&= ((M.data[i * M.stride + (p >>> 5)] >>> (p & 31)) & 1) === (i === k ? 1 : 0);
        }
        expect(unitColumns).toBe(true);
        expect(pivots.every((p, k) => k === 0 || p > pivots[k - 1])).toBe(true);
        expect(M.data.subarray(r * M.stride).every((w) => w === 0)).toBe(true);
      }),
      FC,
    );
  });

  it('rank is invariant under row additions and swaps', () => {
    fc.assert(
      fc.property(shape(100, 100), fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 60 }), (s, ops) => {
        const A = matOfKind(s.rows, s.cols, s.kind, rngOf(s.seed));
        const B = matClone(A);
        for (const [x, y, swap] of ops) {
          const i = x % s.rows;
          const j = y % s.rows;
          if (i === j) continue;
          if (swap) {
            const t = row(B, i).slice();
            row(B, i).set(row(B, j));
            row(B, j).set(t);
          } else xorInto(row(B, i), row(B, j));
        }
        expect(rank(B)).toBe(rank(A));
      }),
      FC,
    );
  });
});

describe('solve and inverse', () => {
  it('solve(A, A·x) = x for invertible A', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer(), (n, seed) => {
        const rng = rngOf(seed);
        const A = randomInvertible(n, rng);
        const x = matRandom(1, n, rng).data;
        expect(vecEqual(solve(A, matVec(A, x)), x)).toBe(true);
      }),
      { ...FC, numRuns: 60 },
    );
  });

  it('solves consistent tall systems (m = 4n, as A_μ does)', () => {
    const rng = rngOf(11);
    for (const n of [31, 64, 257]) {
      const A = matRandom(4 * n, n, rng); // full column rank except with probability < 2^-90
      const x = matRandom(1, n, rng).data;
      expect(vecEqual(solve(A, matVec(A, x)), x)).toBe(true);
    }
  });

  it('inverse(A)·A = I', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer(), (n, seed) => {
        const A = randomInvertible(n, rngOf(seed));
        expect(matEqual(matMul(inverse(A), A), matIdentity(n))).toBe(true);
      }),
      { ...FC, numRuns: 60 },
    );
  });

  it('throws SEPKA_ERR_SINGULAR for rank-deficient systems and SEPKA_ERR_INCONSISTENT for impossible ones', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 150 }), fc.integer(), (n, seed) => {
        const rng = rngOf(seed);
        // Singular: n×n of rank n-1 (last row repeats the first), with a consistent b.
        const S = randomInvertible(n, rng);
        row(S, n - 1).set(row(S, 0));
        const x = matRandom(1, n, rng).data;
        expect(codeOf(() => solve(S, matVec(S, x)))).toBe('SEPKA_ERR_SINGULAR');
        expect(codeOf(() => inverse(S))).toBe('SEPKA_ERR_SINGULAR');
        // Inconsistent: two equal equations with different right-hand sides.
        const b = matVec(S, x);
        b[(n - 1) >>> 5] ^= 1 << ((n - 1) & 31);
        expect(codeOf(() => solve(S, b))).toBe('SEPKA_ERR_INCONSISTENT');
      }),
      { ...FC, numRuns: 60 },
    );
    expect(codeOf(() => inverse(matZero(3, 4)))).toBe('SEPKA_ERR_SHAPE');
  });
});

describe('transpose and products', () => {
  it('transpose is an involution and swaps the shape', () => {
    fc.assert(
      fc.property(shape(100, 100), ({ rows, cols, kind, seed }) => {
        const M = matOfKind(rows, cols, kind, rngOf(seed));
        const T = transpose(M);
        expect([T.rows, T.cols]).toEqual([cols, rows]);
        expect(matEqual(transpose(T), M)).toBe(true);
      }),
      FC,
    );
  });

  it('transpose and transposeColumns match the bit-by-bit definition (blocks of 32, any offset)', () => {
    fc.assert(
      fc.property(shape(100, 100), fc.nat(), fc.nat(), ({ rows, cols, kind, seed }, a, b) => {
        const M = matOfKind(rows, cols, kind, rngOf(seed));
        const T = transpose(M);
        for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) expect(matGet(T, j, i)).toBe(matGet(M, i, j));
        const c0 = a % cols;
        const count = 1 + (b % (cols - c0));
        const stride = wordsFor(rows);
        const out = new Uint32Array(count * stride).fill(0xdeadbeef); // every word must be written
        transposeColumns(M, c0, count, out, stride);
        for (let t = 0; t < count; t++) {
          for (let i = 0; i < rows; i++) expect((out[t * stride + (i >>> 5)] >>> (i & 31)) & 1).toBe(matGet(M, i, c0 + t));
          if (rows & 31) expect(out[t * stride + stride - 1] >>> (rows & 31)).toBe(0); // no bits past row count
        }
      }),
      { ...FC, numRuns: 60 },
    );
  });

  it('vecMat(x, M) = matVec(Mᵀ, x), and matVec agrees with the one-row baseline', () => {
    fc.assert(
      fc.property(shape(150, 150), ({ rows, cols, kind, seed }) => {
        const rng = rngOf(seed);
        const M = matOfKind(rows, cols, kind, rng);
        const x = matRandom(1, rows, rng).data;
        const y = matRandom(1, cols, rng).data;
        expect(vecEqual(vecMat(x, M), matVec(transpose(M), x))).toBe(true);
        expect(vecEqual(matVec(M, y), matVecNaive(M, y))).toBe(true);
        expect(vecEqual(matVec(M, y), vecMat(y, transpose(M)))).toBe(true);
      }),
      FC,
    );
  });
});

describe('matMul (Four Russians)', () => {
  it('equals the row-by-row product Σ_i row_i(A)ᵀ·B on ragged shapes, and paper-128-like slices', async () => {
    const { matMul, matRandom, matZero, row, vecMat, matEqual } = await import('../src/gf2/index.ts');
    const { seededRng } = await import('../src/rng.ts');
    const rng = seededRng('matmul-m4rm', 'x');
    for (const [r, k, c] of [[1, 1, 1], [3, 7, 5], [33, 9, 64], [70, 129, 33], [257, 300, 128], [40, 2100, 300]]) {
      const A = matRandom(r, k, rng);
      const B = matRandom(k, c, rng);
      const D = matZero(r, c);
      for (let i = 0; i < r; i++) row(D, i).set(vecMat(row(A, i), B).subarray(0, D.stride));
      expect(matEqual(matMul(A, B), D)).toBe(true);
    }
  });

  it('matMulFast in WebAssembly SIMD equals the scalar kernel (tiles of 16 blocks × 64 rows, lanes, ragged edges)', async () => {
    const { matMul, matRandom, matEqual } = await import('../src/gf2/index.ts');
    const { matMulFast } = await import('../src/gf2/product.ts');
    expect(simd(), 'WebAssembly SIMD is available on Node 20').not.toBe(null);
    const shape = fc.tuple(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 700 }), fc.integer({ min: 1, max: 300 }));
    fc.assert(
      fc.property(shape, fc.integer(), ([r, k, c], seed) => {
        const rng = seededRng('matmul-simd', String(seed));
        const A = matRandom(r, k, rng);
        const B = matRandom(k, c, rng);
        expect(matEqual(matMulFast(A, B, 'simd'), matMul(A, B))).toBe(true);
      }),
      { seed: 20261208, numRuns: 60 },
    );
    // Past one tile both ways (> 16 blocks of 32 columns, > 64 rows), and the slice shape of
    // Alice's labels at paper-128 (n = 7,168 → 224 blocks, L = 128: one lane).
    const rng = seededRng('matmul-simd', 'large');
    for (const [r, k, c] of [[129, 16 * 32 + 1, 129], [300, 7168, 128]]) {
      const A = matRandom(r, k, rng);
      const B = matRandom(k, c, rng);
      expect(matEqual(matMulFast(A, B, 'simd'), matMul(A, B)), `${r}×${k}·${k}×${c}`).toBe(true);
    }
    expect(() => matMulFast(matRandom(2, 3, rng), matRandom(4, 2, rng))).toThrow(SepkaError);
  });
});
