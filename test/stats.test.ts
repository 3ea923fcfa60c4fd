/**
 * Tests for src/stats.ts: Wilson intervals against published values (Newcombe 1998), entropy,
 * log-binomials against exact small binomials, Pr[full rank] against exact products and its
 * 1 − 2^-(r−n) tail, and the median. Property tests are seeded (deterministic).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { contains, h2, log2Binom, meanInterval, meanText, median, MIN_SESSIONS_FOR_INTERVAL, probFullRank, tQuantile, UNIT_RANGE, wilson, Z95, Z99 } from '../src/stats.ts';

describe('wilson', () => {
  it('matches published values (Newcombe 1998, Table I: 81/263 → 0.2553–0.3662 at 95%)', () => {
    const ci = wilson(81, 263, Z95);
    expect(ci.lo).toBeCloseTo(0.2553, 3);
    expect(ci.hi).toBeCloseTo(0.3662, 3);
  });
  it('handles the edges: 0/n and n/n stay inside [0, 1] and contain the point', () => {
    const a = wilson(0, 50);
    expect(a.lo).toBe(0);
    expect(a.hi).toBeGreaterThan(0.05);
    const b = wilson(50, 50);
    expect(b.hi).toBe(1);
    expect(b.lo).toBeLessThan(0.95);
  });
  it('always contains the point estimate and is ordered', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10_000 }), fc.double({ min: 0, max: 1, noNaN: true }), (n, f) => {
        const k = Math.floor(f * n);
        const ci = wilson(k, n);
        return ci.lo <= ci.p && ci.p <= ci.hi && contains(ci, k / n);
      }),
      { seed: 20240611, numRuns: 500 },
    );
  });
  it('rejects impossible counts', () => {
    expect(() => wilson(5, 3)).toThrow(RangeError);
    expect(() => wilson(-1, 3)).toThrow(RangeError);
  });
});

describe('meanInterval: the one rule for intervals of a mean over sessions', () => {
  it('gives no interval below MIN_SESSIONS_FOR_INTERVAL sessions (a t-interval on 2 sessions spans several times [0, 1])', () => {
    expect(MIN_SESSIONS_FOR_INTERVAL).toBe(5);
    // β = 0.456 from two sessions: the uncut 99% t-interval was [-1.775, 2.687].
    for (const xs of [[], [0.3], [0.3, 0.612], [0.3, 0.612, 0.5], [0.3, 0.612, 0.5, 0.41]]) {
      const m = meanInterval(xs, UNIT_RANGE);
      expect(m.ci).toBeNull();
      if (xs.length) expect(m.mean).toBeCloseTo(xs.reduce((a, b) => a + b, 0) / xs.length, 12);
    }
    expect(meanText(0.4561, null)).toBe('0.456');
  });
  it('from 5 sessions on: the 99% t-interval mean ± t·sd/√S, where it lies inside the range', () => {
    const xs = [0.41, 0.43, 0.4, 0.45, 0.42, 0.44];
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
    const half = (tQuantile(Z99, xs.length - 1) * sd) / Math.sqrt(xs.length);
    const m = meanInterval(xs, UNIT_RANGE);
    expect(m.ci![0]).toBeCloseTo(mean - half, 12);
    expect(m.ci![1]).toBeCloseTo(mean + half, 12);
    expect(meanText(m.mean, m.ci)).toBe(`${mean.toFixed(3)} [${(mean - half).toFixed(3)}, ${(mean + half).toFixed(3)}]`);
  });
  it('cuts the interval to the range of the quantity, and always contains the mean', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 5, maxLength: 40 }), (xs) => {
        const { mean, ci } = meanInterval(xs, UNIT_RANGE);
        return ci !== null && ci[0] >= 0 && ci[1] <= 1 && ci[0] <= mean + 1e-12 && mean <= ci[1] + 1e-12;
      }),
    );
    // Widely spread shares: the uncut interval leaves [0, 1] on both sides.
    expect(meanInterval([0, 1, 0, 1, 0.9], UNIT_RANGE).ci).toEqual([0, 1]);
    // f ≥ 0, unbounded above: cut at 0 only.
    const f = meanInterval([0.2, 3, 0.1, 4, 0.3], [0, Infinity]).ci!;
    expect(f[0]).toBe(0);
    expect(f[1]).toBeGreaterThan(4);
  });
});

describe('entropy and combinatorics', () => {
  it('h2', () => {
    expect(h2(0.5)).toBe(1);
    expect(h2(0)).toBe(0);
    expect(h2(0.11)).toBeCloseTo(0.4999, 3);
  });
  it('log2Binom agrees with exact small binomials', () => {
    const exact = (n: number, k: number) => {
      let r = 1;
      for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
      return r;
    };
    for (const [n, k] of [[10, 5], [52, 5], [100, 50], [1024, 27]]) {
      expect(log2Binom(n, k)).toBeCloseTo(Math.log2(exact(n, k)), 6);
    }
    expect(log2Binom(5, 6)).toBe(-Infinity);
  });
  it('probFullRank: square matrices tend to ∏(1 − 2^-i) ≈ 0.2888', () => {
    expect(probFullRank(64, 64)).toBeCloseTo(0.288788, 5);
    expect(probFullRank(1, 1)).toBe(0.5);
    expect(probFullRank(3, 4)).toBe(0);
    // Exact small products: (1 − 2^-2) and (1 − 2^-3)(1 − 2^-2).
    expect(probFullRank(2, 1)).toBe(0.75);
    expect(probFullRank(3, 2)).toBe(0.65625);
    // Tall matrices: 1 − Pr ≈ Σ_{i<n} 2^(i−r) = 2^-(r−n)·(1 − 2^-n), here 2^-10 within 0.1%.
    expect(Math.log2(1 - probFullRank(74, 64))).toBeCloseTo(-10, 2);
  });
  it('median', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 2, 3])).toBe(2.5);
  });
});
