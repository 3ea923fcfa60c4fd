/**
 * Dual Stern (src/learners/dualStern.ts): its per-iteration success against the formula
 * C(⌊k/2⌋, p)·C(⌈k/2⌉, p)·C(n − ℓ, w − 2p)/C(m, w) (src/cost/dual.ts), measured over many
 * seeded iterations (the check that the attack is implemented right, not just that it
 * sometimes works); and that it finds Bob's r where Prange would need far more trials. That
 * its plan is the estimator's dual-stern optimum is checked in test/cost.dual.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { fromIndices, matRandom, vecEqual, vecMat, weight } from '../src/gf2/index.ts';
import { dualPrangeLog2Trials, dualSternLog2Success, dualSternPlan, type SternPlan } from '../src/cost/index.ts';
import { DualStern } from '../src/learners/dualStern.ts';
import { fixedWeightIndices, seededRng } from '../src/rng.ts';
import { contains, wilson, Z99 } from '../src/stats.ts';

function challenge(m: number, n: number, w: number, seed: string) {
  const A = matRandom(m, n, seededRng(seed, 'A'));
  const r = fromIndices(m, fixedWeightIndices(seededRng(seed, 'bob'), m, w));
  return { A, r, xStar: vecMat(r, A) };
}

describe('dual Stern', () => {
  for (const [n, w, plan] of [
    [32, 4, { p: 1, ell: 4 }],
    [32, 4, { p: 2, ell: 10 }],
  ] as [number, number, SternPlan][]) {
    it(`per-iteration success matches the formula (n = ${n}, m = ${4 * n}, w = ${w}, p = ${plan.p}, ℓ = ${plan.ell})`, () => {
      const m = 4 * n;
      const iters = 1500;
      let hits = 0;
      let total = 0;
      for (let c = 0; c < 4; c++) {
        const { A, r, xStar } = challenge(m, n, w, `stern-rate-${n}-${c}`);
        const ds = new DualStern(A);
        const rng = seededRng(`stern-rate-${n}-${c}`, 'eve');
        for (let i = 0; i < iters; i++) {
          const got = ds.iteration(xStar, w, plan, rng);
          if (got) {
            expect(weight(got)).toBe(w);
            expect(vecEqual(vecMat(got, A), xStar)).toBe(true);
            expect(vecEqual(got, r)).toBe(true); // C(128, 4) = 2^23.4 ≪ 2^32: r is the only solution
            hits++;
          }
          total++;
        }
      }
      const P = 2 ** dualSternLog2Success(m, n, w, plan);
      expect(hits).toBeGreaterThan(100);
      // 99% Wilson interval of the measured rate must contain P (≈ ±11% relative here).
      expect(contains(wilson(hits, total, Z99), P)).toBe(true);
    });
  }

  it('returns r in exactly the iterations where r has p ones in X, p in Y and none in Z', () => {
    // Exact, iteration by iteration (C(m, w) ≪ 2^n, so r is the only solution): catches an
    // enumeration that skips pairs or a window that is not the one the formula counts, which
    // the pooled rate above could miss within its ±11%. Sizes off word boundaries, ℓ = 0, 31.
    for (const [n, m, w, plan] of [
      [40, 131, 4, { p: 2, ell: 31 }],
      [33, 97, 4, { p: 1, ell: 0 }],
      [33, 97, 4, { p: 2, ell: 5 }],
      [48, 192, 5, { p: 2, ell: 16 }],
    ] as [number, number, number, SternPlan][]) {
      const { A, r, xStar } = challenge(m, n, w, `stern-iff-${n}-${plan.p}-${plan.ell}`);
      const ds = new DualStern(A);
      const rng = seededRng(`stern-iff-${n}`, 'eve');
      const ones = Array.from({ length: m }, (_, i) => i).filter((i) => (r[i >>> 5] >>> (i & 31)) & 1);
      const h1 = (m - n) >>> 1;
      let hits = 0;
      for (let it = 0; it < 300; it++) {
        const got = ds.iteration(xStar, w, plan, rng);
        const where = new Map(Array.from(ds.perm, (pos, idx) => [pos, idx]));
        const at = ones.map((i) => where.get(i)!);
        const inX = at.filter((x) => x >= n && x < n + h1).length;
        const inY = at.filter((x) => x >= n + h1).length;
        const inZ = at.filter((x) => x < plan.ell).length;
        const expected = inX === plan.p && inY === plan.p && inZ === 0;
        expect(got !== null, `iteration ${it} at n = ${n}, p = ${plan.p}, ℓ = ${plan.ell}`).toBe(expected);
        if (got) {
          expect(vecEqual(got, r)).toBe(true);
          hits++;
        }
      }
      expect(hits).toBeGreaterThan(5);
    }
  });

  it('finds r at n = 64 in a few hundred iterations where Prange expects 2^12', () => {
    const n = 64;
    const m = 256;
    const w = 8;
    const { A, r, xStar } = challenge(m, n, w, 'stern-find');
    const plan = dualSternPlan(m, n, w);
    const res = new DualStern(A).attack(xStar, w, { trials: 20_000 }, seededRng('stern-find', 'eve'));
    expect(res.r && vecEqual(res.r, r)).toBe(true);
    expect(weight(res.r!)).toBe(w);
    expect(res.plan).toEqual(plan);
    expect(res.eliminations).toBeGreaterThanOrEqual(res.trials);
    expect(res.log2TrialsExpected).toBeLessThan(dualPrangeLog2Trials(m, n, w) - 4);
    const starved = new DualStern(A).attack(xStar, w, { trials: 1 }, seededRng('stern-find', 'eve2'));
    expect(starved.trials).toBe(1);
  });

  it('refuses a matrix of rank < n (no information set exists) instead of redrawing forever', () => {
    const A = matRandom(18, 16, seededRng('stern-rank', 'A'));
    for (let i = 0; i < 18; i++) A.data[i * A.stride] &= ~1; // column 0 all zero: rank ≤ 15
    expect(() => new DualStern(A)).toThrow(/rank/);
  });

  it('rejects a weight below 2p and a window over 31 bits with usage errors', () => {
    const { A, xStar } = challenge(96, 24, 4, 'stern-bad');
    const ds = new DualStern(A);
    expect(() => ds.attack(xStar, 3, { trials: 1 }, seededRng(1, 'x'), { p: 2, ell: 2 })).toThrow(/weight w/);
    expect(() => ds.attack(xStar, 4, { trials: 1 }, seededRng(1, 'x'), { p: 1, ell: 32 })).toThrow(/ℓ must be/);
  });
});
